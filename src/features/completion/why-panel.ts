/**
 * The "Why no completion?" view: a webview panel, so it is read-only and never
 * asks to be saved. One panel, brought to the front and redrawn on each call;
 * the only links it can follow are the fix commands in WHY_COMMANDS.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { whyHtml } from './why-html';
import { WHY_COMMANDS, type WhyReport } from './why-report';

export const WHY_VIEW_TYPE = 'unbound.whyNoCompletion';

export class WhyPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  show(report: WhyReport): void {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        WHY_VIEW_TYPE,
        'Why No Completion?',
        { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
        { enableScripts: false, enableCommandUris: WHY_COMMANDS, localResourceRoots: [] },
      );
      this.panel.onDidDispose(() => { this.panel = undefined; });
    } else {
      this.panel.reveal(undefined, false);
    }
    this.panel.webview.html = whyHtml(report, randomBytes(16).toString('base64'), this.panel.webview.cspSource);
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
