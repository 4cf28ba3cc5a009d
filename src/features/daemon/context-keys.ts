import * as vscode from 'vscode';
import type { DaemonState } from '../../core/daemon/state';
import type { Event } from '../../core/events';

/**
 * The daemon's state as `when`-clause context keys: the Models view's welcome
 * offers only the buttons that work in it (`unbound.daemonState`), and the
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
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
