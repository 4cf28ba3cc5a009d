import type { FailureCause, StopCause } from '../../core/daemon/cause';
import type { DaemonState } from '../../core/daemon/state';
import type { AutoStart } from '../../core/settings';

/** What deserves a notification; no vscode here so the rules are tested under node. */
export type DaemonNotice =
  | { readonly kind: 'error'; readonly cause: FailureCause }
  | { readonly kind: 'not-installed' }
  /** A server that was running stopped answering without the user asking. */
  | { readonly kind: 'went-away'; readonly cause: Extract<StopCause, { kind: 'stopped-answering' }> };

/**
 * At most one notice per state transition, and never the same notice twice in a
 * row: a flapping server or a repeated failure does not stack toasts. Getting
 * healthy again (starting/running) re-arms every notice.
 */
export class NoticePolicy {
  private lastTopic: string | undefined;

  onState(next: DaemonState): DaemonNotice | undefined {
    let notice: DaemonNotice | undefined;
    switch (next.kind) {
      case 'running':
      case 'starting':
      case 'unknown':
        this.lastTopic = undefined;
        return undefined;
      case 'error':
        notice = { kind: 'error', cause: next.cause };
        break;
      case 'not-installed':
        notice = { kind: 'not-installed' };
        break;
      case 'stopped':
        // Only a server that went away unasked is news; found stopped, or stopped on request, is not.
        if (next.cause.kind !== 'stopped-answering') return undefined;
        notice = { kind: 'went-away', cause: next.cause };
        break;
      default: {
        const unexpected: never = next;
        return unexpected;
      }
    }
    const topic = JSON.stringify(notice);
    if (topic === this.lastTopic) return undefined;
    this.lastTopic = topic;
    return notice;
  }
}

/** `unbound.ollama.autoStart` applied to the first look: only a stopped local daemon is started or asked about. */
export function startupAction(state: DaemonState, autoStart: AutoStart, isLoopback: boolean): 'none' | 'start' | 'ask' {
  if (state.kind !== 'stopped' || !isLoopback) return 'none';
  switch (autoStart) {
    case 'never':
      return 'none';
    case 'always':
      return 'start';
    case 'ask':
      return 'ask';
    default: {
      const unexpected: never = autoStart;
      return unexpected;
    }
  }
}

/**
 * A local server Unbound was using (often one it adopted) stopped answering. With `always`,
 * start one: a window reload is the common case, where the new window adopts the server the
 * old window started and then sees it stop as the old window shuts down. `ask` does not ask
 * again here: the user answered at the first look.
 */
export function lostServerAction(previous: DaemonState, next: DaemonState, autoStart: AutoStart): 'none' | 'start' {
  if (previous.kind !== 'running' || next.kind !== 'stopped') return 'none';
  if (next.cause.kind !== 'stopped-answering' || !next.cause.local) return 'none';
  return autoStart === 'always' ? 'start' : 'none';
}
