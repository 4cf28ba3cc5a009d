/** The completion status bar item: shows `statusView`; a click runs the fix, or opens "Why no completion?". */
import * as vscode from 'vscode';
import { statusView, type StatusInput } from './status-view';

export class CompletionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('unbound.completion', vscode.StatusBarAlignment.Right, 99);

  constructor() {
    this.item.name = 'Unbound Inline Completions';
  }

  render(input: StatusInput): void {
    const view = statusView(input);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = view.command;
    this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  /** The command a click runs. */
  get command(): string {
    return typeof this.item.command === 'string' ? this.item.command : (this.item.command?.command ?? '');
  }

  dispose(): void {
    this.item.dispose();
  }
}
