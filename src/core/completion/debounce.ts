/**
 * How long to wait after a keystroke before starting a generation.
 *
 * A fixed delay either starts generations mid-burst (wasted GPU work, aborted at
 * the next key, which arrives before the model has said anything that could be
 * checked against it) or makes slow typists wait. Adaptive mode learns the gap
 * most of the user's keystrokes come within and waits a little longer than that,
 * so a generation starts when the burst is over, not between two keys.
 */

/** Gaps longer than this are pauses, not typing, and teach nothing about rhythm. */
const MAX_TYPING_GAP_MS = 1000;
/**
 * Recent gaps the rhythm is learned from: enough that the 85th percentile is not a
 * lucky draw (with 16, a run of quick keys hid the slow gaps of the same rhythm and
 * generations started between keys), few enough to follow a new rhythm within seconds.
 */
const WINDOW = 32;
/** The share of keystrokes that should come within the delay while typing. */
const PERCENTILE = 0.85;
/** Fewer samples than this: fall back to the configured delay. */
const MIN_SAMPLES = 4;
/**
 * Wait this much longer than the typical gap, plus a fixed margin for the jitter of the keys'
 * trip from the editor to the server: 20 ms, not 10, cuts false starts at 10 ms of jitter from
 * 1.27 to 1.17 generations per pause for 3 ms more wait (test/bench/debounce-bench.ts).
 */
const GAP_FACTOR = 1.1;
const GAP_MARGIN_MS = 20;

/**
 * A generation the next keystroke of the same burst made stale ("false start")
 * says the delay is too short for this user on this machine (editor lag makes
 * gaps uneven): wait this much longer, up to a limit; each completion shown
 * takes some of it back. The ratio is the waste the delay settles at: it stops
 * growing at about one false start per three completions shown (6/20): at most
 * 1.3 generations per pause, the budget test/bench/vscode-completion.mjs prints.
 */
const FALSE_START_STEP_MS = 20;
const SHOWN_DECAY_MS = 6;
const MAX_FALSE_START_MS = 120;
/** A keystroke within this many typical gaps of the previous one is the same burst. */
const BURST_GAPS = 2;

export const MIN_ADAPTIVE_DEBOUNCE_MS = 60;
export const MAX_ADAPTIVE_DEBOUNCE_MS = 400;

export interface DebounceOptions {
  readonly baseMs: number;
  readonly adaptive: boolean;
}

export class AdaptiveDebounce {
  private readonly gaps: number[] = [];
  private lastKeyAt: number | undefined;
  private falseStartMs = 0;

  /** Records a keystroke-triggered request at `now` (clock ms). */
  observe(now: number): void {
    if (this.lastKeyAt !== undefined) {
      const gap = now - this.lastKeyAt;
      if (gap > 0 && gap <= MAX_TYPING_GAP_MS) {
        this.gaps.push(gap);
        if (this.gaps.length > WINDOW) this.gaps.shift();
      }
    }
    this.lastKeyAt = now;
  }

  /** Whether a keystroke at `now` continues the burst of the last one (call before observe). */
  inBurst(now: number): boolean {
    const gap = this.typicalGapMs();
    return gap !== undefined && this.lastKeyAt !== undefined && now - this.lastKeyAt <= gap * BURST_GAPS;
  }

  /** A keystroke of the same burst made a generation stale: it started too early. */
  falseStart(): void {
    this.falseStartMs = Math.min(MAX_FALSE_START_MS, this.falseStartMs + FALSE_START_STEP_MS);
  }

  /** A generated completion was shown. */
  shown(): void {
    this.falseStartMs = Math.max(0, this.falseStartMs - SHOWN_DECAY_MS);
  }

  /** The gap most keys come within while typing (85th percentile), once enough keys were seen. */
  typicalGapMs(): number | undefined {
    if (this.gaps.length < MIN_SAMPLES) return undefined;
    const sorted = [...this.gaps].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil(PERCENTILE * sorted.length) - 1)];
  }

  delayMs(options: DebounceOptions): number {
    const base = Math.max(0, options.baseMs);
    if (!options.adaptive) return base;
    const gap = this.typicalGapMs();
    // Still learning: never shorter than the configured delay, but longer when the
    // first keys already came slower than it (a generation between them is wasted).
    const wanted =
      gap === undefined
        ? Math.max(base, this.gaps.length ? Math.round(Math.max(...this.gaps) * GAP_FACTOR + GAP_MARGIN_MS) : 0)
        : Math.round(gap * GAP_FACTOR + GAP_MARGIN_MS);
    return Math.min(MAX_ADAPTIVE_DEBOUNCE_MS, Math.max(MIN_ADAPTIVE_DEBOUNCE_MS, wanted + this.falseStartMs));
  }
}
