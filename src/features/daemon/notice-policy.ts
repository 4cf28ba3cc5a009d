import type { DaemonState } from '../../core/daemon/state';
import type { AutoStart } from '../../core/settings';

/** What deserves a notification; no vscode here so the rules are tested under node. */
export type DaemonNotice =
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'not-installed' }
  /** A server that was running stopped answering without the user asking. */
  | { readonly kind: 'went-away' };

/**
 * At most one notice per state transition, and never the same notice twice in a
 * row: a flapping server or a repeated failure does not stack toasts. Getting
 * healthy again (starting/running) re-arms every notice.
 */
export class NoticePolicy {
  private previous: DaemonState;
  private lastTopic: string | undefined;

  constructor(initial: DaemonState) {
    this.previous = initial;
  }

  onState(next: DaemonState): DaemonNotice | undefined {
    const previous = this.previous;
    this.previous = next;
    let notice: DaemonNotice | undefined;
    switch (next.kind) {
      case 'running':
      case 'starting':
      case 'unknown':
        this.lastTopic = undefined;
        return undefined;
      case 'error':
        notice = { kind: 'error', message: next.message };
        break;
      case 'not-installed':
        notice = { kind: 'not-installed' };
        break;
      case 'stopped':
        if (previous.kind !== 'running' || next.requested) return undefined;
        notice = { kind: 'went-away' };
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
