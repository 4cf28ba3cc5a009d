/**
 * The places the chat is shown: the sidebar view and editor tabs. Each is a
 * webview with the same page; all show the same session. A host is "ready"
 * after its page said so (the handshake), and only then gets messages.
 */
import * as vscode from 'vscode';
import { LiveDisposables } from '../../core/live-disposables';
import { parseFromView, type FromView, type ToView } from '../../protocol/chat';
import { chatHtml, webviewOptions } from './webview-html';

export const CHAT_VIEW_ID = 'unbound.chat';

interface Host {
  readonly webview: vscode.Webview;
  ready: boolean;
}

export class ChatHosts implements vscode.WebviewViewProvider, vscode.Disposable {
  private readonly hosts = new Set<Host>();
  /** The editor-tab panels still open: a closed one leaves the set. */
  private readonly panels = new LiveDisposables();
  private view: vscode.WebviewView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly onMessage: (message: FromView, reply: (m: ToView) => void) => void,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.attach(view.webview, view.onDidDispose);
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  openPanel(): void {
    const panel = vscode.window.createWebviewPanel('unbound.chatPanel', 'Unbound Chat', vscode.ViewColumn.Beside, webviewOptions(this.extensionUri));
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'unbound.svg');
    this.attach(panel.webview, panel.onDidDispose);
    this.panels.add(panel, panel.onDidDispose);
  }

  /** Shows the sidebar view (it resolves, and its page says ready, on its own time). */
  async reveal(): Promise<void> {
    if (this.view) {
      this.view.show(true);
      return;
    }
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  }

  get anyReady(): boolean {
    return [...this.hosts].some((h) => h.ready);
  }

  post(message: ToView): void {
    for (const h of this.hosts) if (h.ready) void h.webview.postMessage(message);
  }

  private attach(webview: vscode.Webview, onDidDispose: vscode.Event<void>): void {
    webview.options = webviewOptions(this.extensionUri);
    webview.html = chatHtml(webview, this.extensionUri);
    const host: Host = { webview, ready: false };
    this.hosts.add(host);
    const sub = webview.onDidReceiveMessage((raw: unknown) => {
      const parsed = parseFromView(raw);
      if (!parsed.ok) {
        this.log.warn(`chat view sent a message that does not fit the protocol, dropped: ${parsed.reason}`);
        return;
      }
      // A reload of the page (hide/show without retained context) says ready again.
      if (parsed.message.type === 'ready') host.ready = true;
      this.onMessage(parsed.message, (m) => void webview.postMessage(m));
    });
    onDidDispose(() => {
      sub.dispose();
      this.hosts.delete(host);
    });
  }

  dispose(): void {
    this.panels.dispose();
    this.hosts.clear();
  }
}
