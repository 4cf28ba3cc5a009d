import type { Clock } from '../clock';
import type { Probe, ProbeResult } from './probe';
import { errorMessage } from '../error-message';

/** One pending health probe at a time: scheduling again replaces the one pending. */
export class HealthWatch {
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly tick: () => void,
  ) {}

  schedule(ms: number): void {
    this.cancel();
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, ms);
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** One probe bounded by `timeoutMs` and by `lifetime`; a probe that throws counts as no answer. */
export async function probeWithin(probe: Probe, clock: Clock, lifetime: AbortSignal, timeoutMs: number): Promise<ProbeResult> {
  if (lifetime.aborted) return { ok: false, reason: 'Unbound is shutting down' };
  const controller = new AbortController();
  const abort = () => controller.abort();
  lifetime.addEventListener('abort', abort, { once: true });
  const timer = clock.setTimeout(abort, timeoutMs);
  try {
    return await probe(controller.signal);
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  } finally {
    clock.clearTimeout(timer);
    lifetime.removeEventListener('abort', abort);
  }
}
