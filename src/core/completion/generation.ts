/**
 * One /api/generate stream for a completion. A generation belongs to the
 * scheduler, not to the request that started it: requests subscribe to it, so a
 * cancelled LSP request does not kill a generation the next keystroke can reuse.
 *
 * It stops consuming (and closes the HTTP request, which stops Ollama) as soon as
 * it has what will be shown: the answer's shape (postprocess/shape.ts) says where
 * the completion ends: the first line, the end of the block, a leaked token.
 */
import type { Clock } from '../clock';
import { toOllamaError } from '../ollama/errors';
import type { GenerateRequest, OllamaApi, OllamaErrorCause } from '../ollama/types';
import { outputLimit } from './output-limit';
import type { AnswerEnd, Shaped } from './postprocess';

/** Why a generation was stopped from outside. */
export type AbortReason =
  | 'superseded'
  | 'unwanted'
  | 'yield-to-chat'
  | 'settings-changed'
  | 'disposed';

/**
 * Why a generation ended on its own: the stream ended, or the answer is complete (see shape.ts), or was cut to
 * nothing, or reached the client's own cap on tokens or characters (`limit`: a server that ignores num_predict).
 */
export type StopReason = 'done' | AnswerEnd | 'dropped' | 'limit';

export type GenerationEnd =
  | { readonly kind: 'done'; readonly text: string; readonly stop: StopReason }
  | { readonly kind: 'aborted'; readonly reason: AbortReason }
  | { readonly kind: 'error'; readonly cause: OllamaErrorCause };

export interface GenerationSpec {
  readonly api: OllamaApi;
  readonly request: GenerateRequest;
  /**
   * The completion the text received so far can become (shapeAnswer for the
   * request's cursor, not final): the stream is closed once it has an end.
   */
  readonly shape: (received: string) => Shaped;
}

export class Generation {
  private readonly controller = new AbortController();
  /** Everything the model sent in `response` (the log's "raw"). */
  private received = '';
  private visible = '';
  private tokenCount = 0;
  private ended: GenerationEnd | undefined;
  private resolveEnd!: (end: GenerationEnd) => void;
  private changeWaiters: (() => void)[] = [];

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

  /** Resolves when `text` changes or the generation ends (at once if it has ended). */
  changed(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve) => this.changeWaiters.push(resolve));
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
    this.notifyChanged();
  }

  private notifyChanged(): void {
    const waiters = this.changeWaiters;
    this.changeWaiters = [];
    for (const resolve of waiters) resolve();
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
    const before = this.visible;
    const shaped = this.spec.shape(this.received);
    if (shaped.kind === 'dropped') {
      this.visible = '';
      return 'dropped';
    }
    this.visible = shaped.text;
    // An ending update is told by finish(), once `end` is set.
    if (shaped.end === undefined && this.visible !== before) this.notifyChanged();
    return shaped.end;
  }
}
