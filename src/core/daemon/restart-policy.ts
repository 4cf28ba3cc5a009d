import type { Clock } from '../clock';
import type { FailureCause } from './cause';

/** What to do after the `ollama serve` Unbound started died on its own. */
export type RestartDecision =
  | { readonly kind: 'restart'; readonly delayMs: number; readonly attempt: number }
  | { readonly kind: 'give-up'; readonly cause: Extract<FailureCause, { kind: 'crashed-too-often' }> };

export interface RestartPolicyOptions {
  /** Back-off before each restart in a window: the n-th restart waits delaysMs[n] (last value repeats). */
  readonly delaysMs?: readonly number[];
  /** At most this many restarts inside any `windowMs`. */
  readonly maxRestarts?: number;
  readonly windowMs?: number;
}

export const defaultRestartDelaysMs: readonly number[] = [1_000, 2_000, 4_000];

/**
 * Restart with back-off, but a server that keeps dying (a broken GPU driver, a
 * full disk, a port taken in a loop) must not be restarted forever: after
 * `maxRestarts` in a sliding window Unbound gives up and says so once.
 */
export class RestartPolicy {
  private readonly delaysMs: readonly number[];
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  /** Times (clock.now()) of the restarts granted, oldest first. */
  private restarts: number[] = [];

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    options: RestartPolicyOptions = {},
  ) {
    this.delaysMs = options.delaysMs?.length ? options.delaysMs : defaultRestartDelaysMs;
    this.maxRestarts = options.maxRestarts ?? 3;
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Call when the child exited unexpectedly; counts the restart when it grants one. */
  onUnexpectedExit(): RestartDecision {
    const now = this.clock.now();
    this.restarts = this.restarts.filter((t) => now - t < this.windowMs);
    if (this.restarts.length >= this.maxRestarts) {
      return {
        kind: 'give-up',
        cause: { kind: 'crashed-too-often', times: this.restarts.length + 1, windowSeconds: Math.round(this.windowMs / 1000) },
      };
    }
    const index = Math.min(this.restarts.length, this.delaysMs.length - 1);
    this.restarts.push(now);
    return { kind: 'restart', delayMs: this.delaysMs[index] ?? 0, attempt: this.restarts.length };
  }

  /** A start the user asked for wipes the slate: their intent beats the history. */
  reset(): void {
    this.restarts = [];
  }
}
