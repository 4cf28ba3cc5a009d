/**
 * Figures the chat benchmark reads from the real view (scripts/bench-chat.mjs):
 * lag from a delta's arrival to the end of the frame that painted it, time
 * spent rendering, characters rendered. Fixed-size and cheap, so it can stay on.
 */
const MAX_SAMPLES = 100_000;

export class ChatProbe {
  readonly lags: number[] = [];
  /** [deltas arrived so far, render ms, deltas in this frame] per frame, to compare the cost early and late in an answer. */
  readonly frames: [number, number, number][] = [];
  renderMs = 0;
  /** Time in message handlers (a delta is queued there, rendered in the frame). */
  handlerMs = 0;
  deltas = 0;
  chars = 0;
  ends = 0;

  constructor() {
    (globalThis as { unboundChatProbe?: ChatProbe }).unboundChatProbe = this;
  }

  arrived(chars: number): void {
    this.chars += chars;
    this.deltas++;
  }

  handled(ms: number): void {
    this.handlerMs += ms;
  }

  frame(started: number, ended: number, arrivals: readonly number[]): void {
    this.renderMs += ended - started;
    if (this.frames.length < MAX_SAMPLES) this.frames.push([this.deltas, ended - started, arrivals.length]);
    // Paint follows the frame callback; a frame's own end is the closest the page can see.
    for (const at of arrivals) if (this.lags.length < MAX_SAMPLES) this.lags.push(ended - at);
  }

  ended(): void {
    this.ends++;
  }

  reset(): void {
    this.lags.length = 0;
    this.frames.length = 0;
    this.renderMs = 0;
    this.handlerMs = 0;
    this.deltas = 0;
    this.chars = 0;
  }
}
