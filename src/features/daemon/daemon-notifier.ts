import * as vscode from 'vscode';
import type { DaemonState } from '../../core/daemon/state';
import type { UnboundContext } from '../context';
import type { DaemonService } from './daemon-service';
import { offerInstall } from './install-offer';

/**
 * Turns daemon state transitions into notifications: at most one per transition,
 * and the same one never twice in a row, so a flapping server cannot stack a
 * column of toasts.
 */
export class DaemonNotifier implements vscode.Disposable {
  private previous: DaemonState;
  /** What the last notification was about; cleared when the daemon is healthy again. */
  private lastTopic: string | undefined;
  /** Set while the user's own stop runs: that "stopped" is not news. */
  private userStopping = false;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly ctx: UnboundContext,
    private readonly daemon: DaemonService,
  ) {
    this.previous = daemon.state;
    this.subscription = daemon.onDidChangeState((state) => this.onState(state));
  }

  /** Runs the user's stop without announcing the stop they asked for. */
  async userStop(stop: () => Promise<void>): Promise<void> {
    this.userStopping = true;
    try {
      await stop();
    } finally {
      this.userStopping = false;
    }
  }

  private onState(next: DaemonState): void {
    const previous = this.previous;
    this.previous = next;
    switch (next.kind) {
      case 'running':
      case 'starting':
      case 'unknown':
        this.lastTopic = undefined;
        return;
      case 'error':
        this.once(`error:${next.message}`, () => this.showError(next.message));
        return;
      case 'not-installed':
        this.once('not-installed', () => offerInstall('Ollama is not installed.'));
        return;
      case 'stopped':
        if (previous.kind === 'running' && !this.userStopping) {
          this.once('went-away', () => this.showWentAway());
        }
        return;
      default: {
        const unexpected: never = next;
        this.ctx.log.warn(`Unhandled daemon state ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private once(topic: string, show: () => Thenable<void>): void {
    if (this.lastTopic === topic) return;
    this.lastTopic = topic;
    show().then(undefined, (err: unknown) => this.ctx.log.error(`Notification failed: ${String(err)}`));
  }

  private async showError(message: string): Promise<void> {
    const start = 'Start Ollama';
    const serverLogs = 'Open Ollama Server Logs';
    const logs = 'Open Logs';
    const settings = 'Open Settings';
    const actions = /unbound\.ollama\./.test(message) ? [settings, logs] : [start, serverLogs, logs];
    const pick = await vscode.window.showErrorMessage(message, ...actions);
    await this.run(pick, { [start]: 'unbound.daemon.start', [serverLogs]: 'unbound.showDaemonLogs', [logs]: 'unbound.showLogs' });
    if (pick === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'unbound.ollama');
  }

  private async showWentAway(): Promise<void> {
    const start = 'Start Ollama';
    const logs = 'Open Logs';
    const actions = this.daemon.host.isLoopback ? [start, logs] : [logs];
    const pick = await vscode.window.showWarningMessage(`Ollama at ${this.daemon.host.url} stopped answering.`, ...actions);
    await this.run(pick, { [start]: 'unbound.daemon.start', [logs]: 'unbound.showLogs' });
  }

  private async run(pick: string | undefined, commands: Record<string, string>): Promise<void> {
    const command = pick !== undefined ? commands[pick] : undefined;
    if (command) await vscode.commands.executeCommand(command);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
