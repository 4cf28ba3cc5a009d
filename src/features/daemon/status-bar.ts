import * as vscode from 'vscode';
import type { DaemonControl, OllamaConnection, SettingsSource } from '../context';
import { renderDaemonStatus } from './status-text';

/** The "Unbound" status bar item: the daemon's state (the models in its tooltip); click for actions. */
export class DaemonStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly subscriptions: { dispose(): void }[] = [];

  constructor(
    private readonly daemon: DaemonControl,
    private readonly settings: SettingsSource,
    private readonly connection: OllamaConnection,
  ) {
    // Right side, left of the language/encoding items: it is status, not navigation.
    this.item = vscode.window.createStatusBarItem('unbound.daemon', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Unbound';
    this.item.command = 'unbound.daemon.actions';
    this.subscriptions.push(
      daemon.onDidChangeState(() => this.render()),
      settings.onDidChange(() => this.render()),
      connection.onDidChangeHost(() => this.render()),
    );
    this.render();
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  render(): void {
    const view = renderDaemonStatus({
      state: this.daemon.state,
      hostUrl: this.connection.api.host.url,
      completionModel: this.settings.current.completion.model,
      chatModel: this.settings.current.chatModel,
      pid: this.daemon.ownPid,
    });
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.isError ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
