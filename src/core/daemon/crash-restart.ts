import { assertNever } from '../assert-never';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import { describeDaemonCause } from './cause';
import { lostPortRace } from './process-control';
import { RestartPolicy, type RestartDecision, type RestartPolicyOptions } from './restart-policy';
import type { ExitInfo, ServerProcess } from './server-process';

/** What an exit of an `ollama serve` Unbound spawned calls for. */
export type ChildExit =
  /** It never answered and is still the current child: the start waiting on it reports the exit. */
  | { readonly kind: 'start-reports' }
  /** A stop or a shutdown asked for it, or it was already replaced before it answered: nothing to do. */
  | { readonly kind: 'expected' }
  /** Another server took the port between our probe and our spawn, and it was that one that answered. */
  | { readonly kind: 'lost-port-race' }
  /** A server that had answered died on its own. */
  | { readonly kind: 'crashed' };

export type ExitedChild = Pick<ServerProcess, 'reachedRunning' | 'stopRequested' | 'stderr'>;

export function classifyChildExit(
  child: ExitedChild,
  exit: ExitInfo,
  context: { readonly current: boolean; readonly disposed: boolean },
): ChildExit {
  if (context.current && !child.reachedRunning) return { kind: 'start-reports' };
  if (!child.reachedRunning || child.stopRequested || context.disposed) return { kind: 'expected' };
  // Not a crash to restart: a server to adopt.
  if (lostPortRace(child, exit)) return { kind: 'lost-port-race' };
  return { kind: 'crashed' };
}

/**
 * Restarts a crashed server after the policy's back-off, or gives up and says
 * so once. Owns the one pending restart timer.
 */
export class CrashRestart {
  private readonly policy: RestartPolicy;
  private timer: unknown;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    options: RestartPolicyOptions | undefined,
    private readonly restart: () => void,
  ) {
    this.policy = new RestartPolicy(clock, options);
  }

  /** A restart is scheduled and has not run yet. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  /** Call when the server that had answered died on its own; schedules the restart the policy grants. */
  crashed(): RestartDecision {
    const decision = this.policy.onUnexpectedExit();
    switch (decision.kind) {
      case 'give-up':
        this.log.error(describeDaemonCause(decision.cause).message);
        return decision;
      case 'restart':
        this.log.info(`Restarting Ollama in ${decision.delayMs} ms (restart ${decision.attempt}).`);
        this.cancel();
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.restart();
        }, decision.delayMs);
        return decision;
      default:
        return assertNever(decision);
    }
  }

  /** A start the user asked for beats the crash history and any pending automatic restart. */
  userStarted(): void {
    this.policy.reset();
    this.cancel();
  }

  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
