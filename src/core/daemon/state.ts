/** What the status bar, the models view and the completion status agree the daemon is doing. */
export type DaemonState =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-installed' }
  /** `requested`: Unbound stopped it because it was asked to (not news to announce). */
  | { readonly kind: 'stopped'; readonly reason?: string; readonly requested?: boolean }
  | { readonly kind: 'starting' }
  | { readonly kind: 'running'; readonly version: string; readonly owner: DaemonOwner }
  | { readonly kind: 'error'; readonly message: string };

/**
 * `unbound`: a child process Unbound spawned (and stops on deactivate).
 * `external`: anything else that answered: systemd service, desktop app, Docker, a remote host.
 */
export type DaemonOwner = 'unbound' | 'external';
