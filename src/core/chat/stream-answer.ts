/**
 * Streams one answer from /api/chat through the reasoning splitter. Stop aborts
 * the HTTP request at once (Ollama stops generating when the connection closes).
 * A stream that goes silent after it started is ended by the client with a timeout
 * cause: its limit is `unbound.ollama.streamIdleTimeoutSeconds`, as for every other
 * stream, and a changed value comes with the new client (src/features/ollama-connection.ts).
 */
import { OllamaError, isOllamaError } from '../ollama/errors';
import type { ChatChunk, ChatRequest, OllamaApi, OllamaErrorCause } from '../ollama/types';
import { ReasoningSplitter } from '../reasoning/splitter';
import type { Phase, TurnStats } from '../../protocol/chat';
import { errorMessage } from '../error-message';

export interface AnswerDelta {
  readonly reasoning: string;
  readonly answer: string;
  /** Characters to remove from the end of the answer shown so far (a lone `</think>` reclassified them). */
  readonly retract: number;
}

export interface StreamAnswerOptions {
  readonly api: Pick<OllamaApi, 'chat'>;
  readonly request: ChatRequest;
  /** Aborting it is Stop. */
  readonly signal: AbortSignal;
  /** The template opens `<think>` for the model (R1 distills): the text starts inside the reasoning. */
  readonly prefilledThink?: boolean;
  onDelta(delta: AnswerDelta): void;
  onPhase(phase: Phase): void;
}

export type StreamOutcome =
  | { readonly status: 'done'; readonly content: string; readonly reasoning: string; readonly stats: TurnStats }
  | { readonly status: 'stopped'; readonly content: string; readonly reasoning: string }
  | { readonly status: 'error'; readonly content: string; readonly reasoning: string; readonly cause: OllamaErrorCause };

export function statsFrom(final: ChatChunk | undefined): TurnStats {
  if (!final) return {};
  const { evalCount, evalDurationNs, promptEvalDurationNs, loadDurationNs } = final;
  const tokensPerSecond = evalCount !== undefined && evalDurationNs ? evalCount / (evalDurationNs / 1e9) : undefined;
  const ttftNs = (loadDurationNs ?? 0) + (promptEvalDurationNs ?? 0);
  return {
    ...(tokensPerSecond !== undefined && Number.isFinite(tokensPerSecond) ? { tokensPerSecond } : {}),
    ...(promptEvalDurationNs !== undefined ? { ttftMs: ttftNs / 1e6 } : {}),
    ...(evalCount !== undefined ? { evalCount } : {}),
  };
}

export async function streamAnswer(o: StreamAnswerOptions): Promise<StreamOutcome> {
  const splitter = new ReasoningSplitter({ prefilledThink: o.prefilledThink ?? false });
  let content = '';
  let reasoning = '';
  let phase: Phase | undefined;
  const setPhase = (p: Phase): void => {
    if (p !== phase) o.onPhase((phase = p));
  };
  const apply = (d: { reasoning: string; answer: string; retractAnswer?: number }): void => {
    const retract = d.retractAnswer ?? 0;
    if (retract) content = content.slice(0, content.length - retract);
    content += d.answer;
    reasoning += d.reasoning;
    if (d.answer) setPhase('answering');
    else if (d.reasoning && phase !== 'answering') setPhase('thinking');
    if (d.answer || d.reasoning || retract) o.onDelta({ reasoning: d.reasoning, answer: d.answer, retract });
  };
  let final: ChatChunk | undefined;
  try {
    for await (const chunk of o.api.chat(o.request, o.signal)) {
      apply(splitter.push(chunk));
      if (chunk.done) final = chunk;
    }
    apply(splitter.finish());
    return { status: 'done', content, reasoning, stats: statsFrom(final) };
  } catch (e) {
    apply(splitter.finish());
    if (o.signal.aborted) return { status: 'stopped', content, reasoning };
    const error = isOllamaError(e) ? e : new OllamaError({ kind: 'stream', message: errorMessage(e) });
    return { status: 'error', content, reasoning, cause: error.cause };
  }
}
