/**
 * One generation at a time per model, like Ollama with OLLAMA_NUM_PARALLEL=1:
 * later requests wait in FIFO order; a waiter whose client goes away leaves
 * the queue without ever running.
 */
export class GenerationSlot {
  private busy = false;
  private readonly waiters: { readonly wake: () => void; readonly signal: AbortSignal }[] = [];

  /** Resolves true once the slot is ours, false if the signal aborted first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (!this.busy) {
      this.busy = true;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const waiter = {
        signal,
        wake: () => {
          signal.removeEventListener('abort', onAbort);
          resolve(true);
        },
      };
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.wake();
    else this.busy = false;
  }

  get queued(): number {
    return this.waiters.length;
  }

  get running(): boolean {
    return this.busy;
  }
}
