import * as vscode from 'vscode';
import type { UnboundContext } from '../context';
import type { DaemonService } from './daemon-service';
import { offerInstall } from './install-offer';
import { NoticePolicy, type DaemonNotice } from './notice-policy';

/** Shows the notices NoticePolicy lets through: one per transition, never the same one twice in a row. */
export class DaemonNotifier implements vscode.Disposable {
  private readonly policy: NoticePolicy;
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly ctx: UnboundContext,
    private readonly daemon: DaemonService,
  ) {
    this.policy = new NoticePolicy(daemon.state);
    this.subscription = daemon.onDidChangeState((state) => {
      const notice = this.policy.onState(state);
      if (notice) this.show(notice).then(undefined, (err: unknown) => ctx.log.error(`Notification failed: ${String(err)}`));
    });
  }

  private async show(notice: DaemonNotice): Promise<void> {
    switch (notice.kind) {
      case 'error':
        return this.showError(notice.message);
      case 'not-installed':
        return offerInstall('Ollama is not installed.');
      case 'went-away':
        return this.showWentAway();
      default: {
        const unexpected: never = notice;
        this.ctx.log.warn(`Unhandled daemon notice ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private async showError(message: string): Promise<void> {
    const start = 'Start Ollama';
    const serverLogs = 'Open Ollama Server Logs';
    const logs = 'Open Logs';
    const settings = 'Open Settings';
    // A bad setting is fixed in the settings; anything else is retried or read about in the logs.
    const actions = /unbound\.ollama\./.test(message)
      ? [settings, logs]
      : [start, ...(this.daemon.manager.hasSpawned ? [serverLogs] : []), logs];
    const pick = await vscode.window.showErrorMessage(message, ...actions);
    if (pick === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'unbound.ollama');
      return;
    }
    await this.run(pick, { [start]: 'unbound.daemon.start', [serverLogs]: 'unbound.showDaemonLogs', [logs]: 'unbound.showLogs' });
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
