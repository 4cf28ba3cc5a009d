import * as vscode from 'vscode';
import { describeDaemonCause } from '../../core/daemon/cause';
import { causeOf, type DaemonState } from '../../core/daemon/state';
import type { Event } from '../../core/events';

/**
 * The daemon's state as `when`-clause context keys: the Models view's welcome
 * offers only the buttons that work in it (`unbound.daemonState`,
 * `unbound.daemonCanStart`), and the
 * walkthrough ticks a step when it happened, not when its button was clicked
 * (`unbound.ollamaFound`, `unbound.ollamaRunning`).
 */
export class DaemonContextKeys implements vscode.Disposable {
  private readonly subscription: { dispose(): void };

  constructor(initial: DaemonState, onDidChangeState: Event<DaemonState>) {
    this.set(initial);
    this.subscription = onDidChangeState((state) => this.set(state));
  }

  private set(state: DaemonState): void {
    const found = state.kind !== 'not-installed' && state.kind !== 'unknown';
    void vscode.commands.executeCommand('setContext', 'unbound.daemonState', state.kind);
    void vscode.commands.executeCommand('setContext', 'unbound.ollamaFound', found);
    void vscode.commands.executeCommand('setContext', 'unbound.ollamaRunning', state.kind === 'running');
    // A remote host or a bad path setting cannot be fixed by Start: the view offers Settings instead.
    const cause = causeOf(state);
    void vscode.commands.executeCommand('setContext', 'unbound.daemonCanStart', cause ? describeDaemonCause(cause).actions.includes('start') : false);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
