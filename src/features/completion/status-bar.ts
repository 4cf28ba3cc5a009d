/** The completion status bar item: shows `statusView`, opens "Why no completion?" on click. */
import * as vscode from 'vscode';
import { statusView, type StatusInput } from './status-view';

export class CompletionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unbound.completion', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'Unbound Inline Completions';
    this.item.command = 'unbound.completion.whyNoCompletion';
  }

  render(input: StatusInput): void {
    const view = statusView(input);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
