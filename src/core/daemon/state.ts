import type { DaemonCause, FailureCause, StopCause } from './cause';
import type { ServerProcess } from './server-process';

/** What the status bar, the models view and the completion status agree the daemon is doing. */
export type DaemonState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-installed' }
  | { readonly kind: 'stopped'; readonly cause: StopCause }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly version: string; readonly owner: DaemonOwner }
  | { readonly kind: 'error'; readonly cause: FailureCause };

/**
 * `unbound`: a child process Unbound spawned (and stops on deactivate).
 * `external`: anything else that answered: systemd service, desktop app, Docker, a remote host.
 */
export type DaemonOwner = 'unbound' | 'external';

/** Why the daemon is not running, for the states that have a reason; undefined while it runs or is being looked at. */
export function causeOf(state: DaemonState): DaemonCause | undefined {
  switch (state.kind) {
    case 'not-installed':
      return { kind: 'not-installed' };
    case 'stopped':
    case 'error':
      return state.cause;
    case 'unknown':
    case 'starting':
    case 'running':
      return undefined;
    default: {
      const unexpected: never = state;
      return unexpected;
    }
  }
}

/** Who runs the server that just answered: ours only while the process Unbound spawned lives and has answered. */
export function ownerOfAnswer(child: Pick<ServerProcess, 'alive' | 'reachedRunning'> | undefined): DaemonOwner {
  return child?.alive && child.reachedRunning ? 'unbound' : 'external';
}
