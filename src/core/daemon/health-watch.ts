import { assertNever } from '../assert-never';
import type { Clock } from '../clock';
import type { ResolvedHost } from '../ollama/types';
import type { DaemonTimings } from './daemon-deps';
import { wentAway } from './not-answering';
import type { ProbeResult } from './probe';
import type { ServerProcess } from './server-process';
import { ownerOfAnswer, type DaemonState } from './state';

/**
 * The periodic health probe: one pending at a time (scheduling again replaces
 * it), often while a server runs, seldom while none does.
 */
export class HealthWatch {
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly timings: Pick<DaemonTimings, 'watchRunningMs' | 'watchIdleMs'>,
    private readonly tick: () => void,
  ) {}

  /** Schedules the next probe for the daemon in `state`, replacing any pending one. */
  scheduleFor(state: DaemonState): void {
    this.cancel();
    const ms = watchPeriodMs(state, this.timings);
    if (ms === undefined) return;
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

/** How long until the next probe; none while a start is under way, since the start probes on its own. */
export function watchPeriodMs(state: DaemonState, timings: Pick<DaemonTimings, 'watchRunningMs' | 'watchIdleMs'>): number | undefined {
  switch (state.kind) {
    case 'starting':
      return undefined;
    case 'running':
      return timings.watchRunningMs;
    case 'unknown':
    case 'not-installed':
    case 'stopped':
    case 'error':
      // Notices a server started elsewhere (systemd, the app, a terminal) and adopts it.
      return timings.watchIdleMs;
    default:
      return assertNever(state);
  }
}

/** What one health probe says happened to the daemon. */
export type WatchVerdict =
  /** Something answers: a server that came back, one started elsewhere to adopt, or the one already known. */
  | { readonly kind: 'answering'; readonly state: Extract<DaemonState, { kind: 'running' }> }
  /** Our own server missed a probe but its process lives: its exit, not a slow answer, is what restarts it. */
  | { readonly kind: 'own-server-slow'; readonly warning: string }
  /** The server that answered is gone. */
  | { readonly kind: 'went-away'; readonly state: Extract<DaemonState, { kind: 'stopped' }>; readonly note: string }
  /** Nothing answered, and nothing answered before either. */
  | { readonly kind: 'still-down' };

export type WatchedChild = Pick<ServerProcess, 'alive' | 'reachedRunning' | 'pid'>;

export function judgeWatchProbe(
  result: ProbeResult,
  previous: DaemonState,
  child: WatchedChild | undefined,
  host: ResolvedHost,
): WatchVerdict {
  if (result.ok) return { kind: 'answering', state: { kind: 'running', version: result.version, owner: ownerOfAnswer(child) } };
  if (previous.kind !== 'running') return { kind: 'still-down' };
  if (child?.alive) {
    return { kind: 'own-server-slow', warning: `Ollama (pid ${child.pid ?? '?'}) did not answer the health probe: ${result.reason}` };
  }
  return {
    kind: 'went-away',
    state: { kind: 'stopped', cause: wentAway(host, result.reason) },
    note: `Ollama at ${host.url} stopped answering: ${result.reason}`,
  };
}
