import type { Logger } from '../log';
import type { ProbeResult } from './probe';
import type { ExitInfo, ServerProcess } from './server-process';
import type { DaemonState } from './state';

/** How a wait for a just-started server ended. */
export type AnswerWait =
  | { readonly kind: 'answered'; readonly version: string }
  /** The child Unbound spawned exited before it answered. */
  | { readonly kind: 'exited'; readonly exit: ExitInfo }
  | { readonly kind: 'timed-out'; readonly reason: string }
  /** A stop, a newer start or a disposal took over: whoever did says what happened. */
  | { readonly kind: 'abandoned' };

export interface AnswerWaitOptions {
  readonly probe: () => Promise<ProbeResult>;
  readonly now: () => number;
  /** clock time after which the start has failed. */
  readonly deadline: number;
  /** Between two probes; may end early (the child exited). */
  readonly pause: () => Promise<void>;
  readonly abandoned: () => boolean;
  /** The `ollama serve` Unbound spawned; absent for the desktop app, which is not our child. */
  readonly child?: ServerProcess;
}

/** Probes until the server answers, the child exits, the deadline passes or the wait is abandoned. */
export async function waitForAnswer(options: AnswerWaitOptions): Promise<AnswerWait> {
  const { child } = options;
  for (;;) {
    if (options.abandoned()) return { kind: 'abandoned' };
    if (child?.exit) return { kind: 'exited', exit: child.exit };
    const result = await options.probe();
    if (options.abandoned()) return { kind: 'abandoned' };
    // An answer after our child died is some other server's: the exit decides, not the answer.
    if (result.ok && (!child || child.alive)) return { kind: 'answered', version: result.version };
    if (child?.exit) return { kind: 'exited', exit: child.exit };
    if (options.now() >= options.deadline) return { kind: 'timed-out', reason: result.ok ? 'it exited' : result.reason };
    await options.pause();
  }
}

/** What a start needs from the manager that owns the state while it waits for an answer. */
export interface StartContext {
  readonly log: Logger;
  readonly now: () => number;
  /** unbound.ollama.startTimeoutSeconds, as it was when the start began. */
  readonly timeoutSeconds: number;
  readonly probe: () => Promise<ProbeResult>;
  /** The interval between two probes, cut short when the manager is disposed. */
  readonly pause: () => Promise<void>;
  /** A stop, a newer start or a disposal took over: whoever did says what happened. */
  readonly abandoned: () => boolean;
  /** Reports how the start went; `timeToRunningMs` once it answered. */
  readonly settle: (state: DaemonState, timeToRunningMs?: number) => void;
}
