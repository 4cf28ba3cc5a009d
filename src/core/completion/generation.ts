/**
 * One /api/generate stream for a completion. A generation belongs to the
 * scheduler, not to the request that started it: requests subscribe to it, so a
 * cancelled LSP request does not kill a generation the next keystroke can reuse.
 *
 * It stops consuming (and closes the HTTP request, which stops Ollama) as soon as
 * it has what will be shown: the first line for a one-line completion, the end of
 * the block for a multi-line one, or a stop token that leaked into the text.
 */
import type { Clock } from '../clock';
import { toOllamaError } from '../ollama/errors';
import type { GenerateRequest, OllamaApi, OllamaErrorCause } from '../ollama/types';
import { holdsReasoning, stripReasoning } from '../reasoning';
import type { LineMode } from './line-mode';
import { outputLimit } from './output-limit';
import { indentWidth } from './postprocess/lines';

/** Why a generation was stopped from outside. */
export type AbortReason =
  | 'superseded'
  | 'unwanted'
  | 'yield-to-chat'
  | 'settings-changed'
  | 'disposed';

/** `limit`: the client's own cap on tokens or characters (a server that ignores num_predict). */
export type StopReason = 'done' | 'first-line' | 'block-end' | 'stop-token' | 'limit';

export type GenerationEnd =
  | { readonly kind: 'done'; readonly text: string; readonly stop: StopReason }
  | { readonly kind: 'aborted'; readonly reason: AbortReason }
  | { readonly kind: 'error'; readonly cause: OllamaErrorCause };

export interface GenerationSpec {
  readonly api: OllamaApi;
  readonly request: GenerateRequest;
  readonly lineMode: LineMode;
  /**
   * The cursor is at the end of a line: a one-line completion may be the next
   * line (the model starts with a newline) rather than nothing.
   */
  readonly nextLine: boolean;
  /** A line indented less than this ends a multi-line completion (see blockIndentAt). */
  readonly minIndent: number;
  /** Strings that end the completion if they show up in the text (stop tokens of the format). */
  readonly stop: readonly string[];
  /**
   * The code around the cursor contains reasoning tags (code that handles them):
   * a `</think>` in the answer is then code, not the end of reasoning (see holdsReasoning).
   */
  readonly codeHasThinkTags?: boolean;
}

export class Generation {
  private readonly controller = new AbortController();
  /** Everything the model sent in `response` (the log's "raw"). */
  private received = '';
  private visible = '';
  private tokenCount = 0;
  private ended: GenerationEnd | undefined;
  private resolveEnd!: (end: GenerationEnd) => void;

  readonly finished: Promise<GenerationEnd>;
  readonly startedAt: number;
  firstTokenAt: number | undefined;
  endedAt: number | undefined;

  constructor(
    readonly id: number,
    readonly spec: GenerationSpec,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
    this.finished = new Promise((resolve) => (this.resolveEnd = resolve));
    void this.run();
  }

  get model(): string {
    return this.spec.request.model;
  }

  /** The completion text so far (reasoning removed, cut where the completion ends). */
  get text(): string {
    return this.visible;
  }

  get raw(): string {
    return this.received;
  }

  get tokens(): number {
    return this.tokenCount;
  }

  get running(): boolean {
    return this.ended === undefined;
  }

  get end(): GenerationEnd | undefined {
    return this.ended;
  }

  /** Closes the HTTP request now (synchronously), which is what makes Ollama stop. */
  abort(reason: AbortReason): void {
    if (this.ended) return;
    this.finish({ kind: 'aborted', reason }, true);
  }

  /** `close`: the stream did not end on its own, so close it (a stream stopped early must not keep Ollama busy). */
  private finish(end: GenerationEnd, close: boolean): void {
    if (this.ended) return;
    this.ended = end;
    this.endedAt = this.clock.now();
    if (close) this.controller.abort();
    this.resolveEnd(end);
  }

  private async run(): Promise<void> {
    const { api, request } = this.spec;
    const limit = outputLimit(request.options?.['num_predict']);
    try {
      for await (const chunk of api.generate(request, this.controller.signal)) {
        if (this.ended) return;
        if (chunk.response) {
          this.firstTokenAt ??= this.clock.now();
          this.tokenCount++;
          this.received += chunk.response;
          const overLimit = this.tokenCount >= limit.tokens || this.received.length >= limit.chars;
          if (this.received.length > limit.chars) this.received = this.received.slice(0, limit.chars);
          const stop = this.update() ?? (overLimit ? 'limit' : undefined);
          if (stop) {
            this.finish({ kind: 'done', text: this.visible, stop }, true);
            return;
          }
        }
        // On `done`, let the stream end by itself rather than leaving the loop: leaving
        // early makes the client close a connection Ollama is about to close anyway.
        if (chunk.done && chunk.evalCount !== undefined) this.tokenCount = chunk.evalCount;
      }
      this.finish({ kind: 'done', text: this.visible, stop: 'done' }, false);
    } catch (e) {
      if (this.ended) return;
      this.finish({ kind: 'error', cause: toOllamaError(e, { host: api.host.url, model: request.model }).cause }, true);
    }
  }

  /** Recomputes the visible text; returns why to stop, if the completion is complete. */
  private update(): StopReason | undefined {
    let text = holdsReasoning(this.received, this.spec.codeHasThinkTags ?? false) ? stripReasoning(this.received) : this.received;
    let stop: StopReason | undefined;
    const at = firstStop(text, this.spec.stop);
    if (at >= 0) {
      text = text.slice(0, at);
      stop = 'stop-token';
    }
    if (this.spec.lineMode === 'single') {
      const end = endOfFirstLine(text, this.spec.nextLine);
      if (end !== undefined) {
        text = text.slice(0, end);
        stop = 'first-line';
      }
    } else {
      const blockEnd = endOfBlock(text, this.spec.minIndent);
      if (blockEnd !== undefined) {
        text = text.slice(0, blockEnd);
        stop = 'block-end';
      }
    }
    this.visible = text;
    return stop;
  }
}

function firstStop(text: string, stops: readonly string[]): number {
  let first = -1;
  for (const s of stops) {
    if (!s) continue;
    const i = text.indexOf(s);
    if (i >= 0 && (first < 0 || i < first)) first = i;
  }
  return first;
}

/** Blank lines a next-line completion may start with before it is not one line any more. */
const MAX_LEADING_NEWLINES = 2;

/**
 * Where a one-line completion ends: at the first newline, or, when the cursor is
 * at the end of a line and the model went straight on to the next one, at the end
 * of that next line. 0 when there is nothing to show on one line.
 */
export function endOfFirstLine(text: string, nextLine: boolean): number | undefined {
  const newline = text.indexOf('\n');
  if (newline < 0) return undefined;
  if (!nextLine || text.slice(0, newline).trim() !== '') return newline;
  const content = text.search(/\S/);
  if (content < 0) {
    const newlines = text.split('\n').length - 1;
    return newlines > MAX_LEADING_NEWLINES ? 0 : undefined;
  }
  if (text.slice(0, content).split('\n').length - 1 > MAX_LEADING_NEWLINES) return 0;
  const end = text.indexOf('\n', content);
  return end < 0 ? undefined : end;
}

/**
 * Where a multi-line completion leaves the block it started in: the first complete
 * line after the first whose indentation is below `minIndent`. A closing bracket
 * there still belongs to the block; anything else is the next statement, which
 * the user did not ask for.
 */
export function endOfBlock(text: string, minIndent: number): number | undefined {
  let lineStart = text.indexOf('\n');
  if (lineStart < 0) return undefined;
  lineStart++;
  while (lineStart < text.length) {
    const lineEnd = text.indexOf('\n', lineStart);
    // Only complete lines are judged: a partial one may still grow.
    if (lineEnd < 0) return undefined;
    const line = text.slice(lineStart, lineEnd);
    if (line.trim() !== '' && indentWidth(line) < minIndent) {
      return /^\s*([}\])]|end\b)/.test(line) ? lineEnd : lineStart - 1;
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}
