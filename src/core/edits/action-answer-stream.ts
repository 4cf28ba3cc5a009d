/**
 * A code action's answer, streamed from /api/chat: bounded in size, each piece
 * handed on as it arrives, and read with what the model's template does to it. An R1
 * distill's template opens `<think>` itself, so its text starts inside the reasoning
 * and only closes it; told so, the extraction keeps reasoning (and the code it
 * drafts there) out of the proposal while the answer streams and at its end.
 */
import { toOllamaError, type OllamaError } from '../ollama/errors';
import type { ChatMessage, ModelInfo, OllamaApi } from '../ollama/types';
import { answerStartsInReasoning } from '../reasoning/prefill';

export const MAX_ANSWER_CHARS = 400_000;

/** How to read the answer text; given to `extractCode`. */
export interface AnswerReading {
  /** The text starts inside the reasoning (see the file comment). */
  readonly prefilledThink: boolean;
}

export interface ActionAnswerRequest {
  readonly api: Pick<OllamaApi, 'chat' | 'host'>;
  /** The model's template and capabilities; a cache in the extension. */
  readonly modelInfo: (model: string, signal: AbortSignal) => Promise<Pick<ModelInfo, 'template' | 'capabilities'>>;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly signal: AbortSignal;
  readonly now: () => number;
  /** The answer so far, after each piece of it. */
  readonly onText?: (answerSoFar: string, reading: AnswerReading) => void;
}

export type ActionAnswer =
  | { readonly kind: 'done'; readonly answer: string; readonly reading: AnswerReading; readonly truncated: boolean; readonly lastTokenAt: number; readonly endedAt: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly error: OllamaError };

export async function streamActionAnswer(request: ActionAnswerRequest): Promise<ActionAnswer> {
  const { model, signal } = request;
  // Asked alongside the chat, not before it: the answer is needed only once text arrives.
  // Without the template (show failed) the splitter still takes text back at a lone `</think>`.
  const reading = request.modelInfo(model, signal).then(
    (info): AnswerReading => ({ prefilledThink: answerStartsInReasoning(info) }),
    (): AnswerReading => ({ prefilledThink: false }),
  );
  let answer = '';
  let truncated = false;
  let lastTokenAt = request.now();
  try {
    for await (const chunk of request.api.chat({ model, messages: request.messages }, signal)) {
      if (chunk.content) {
        answer += chunk.content;
        lastTokenAt = request.now();
        request.onText?.(answer, await reading);
      }
      if (answer.length > MAX_ANSWER_CHARS) {
        // Leaving the loop closes the request (the client aborts a stream its consumer left).
        truncated = true;
        break;
      }
      if (chunk.done) break;
    }
    return { kind: 'done', answer, reading: await reading, truncated, lastTokenAt, endedAt: request.now() };
  } catch (error) {
    const failure = toOllamaError(error, { host: request.api.host.url, model });
    if (failure.cause.kind === 'aborted' || signal.aborted) return { kind: 'cancelled' };
    return { kind: 'failed', error: failure };
  }
}
