/**
 * Read-only markdown documents for what a model said that is not a change to a file: the
 * Explain fallback's explanation (until the chat view takes it) and an answer that held no
 * code. A virtual document, so closing it never asks to save.
 */
import * as vscode from 'vscode';

export const ANSWER_SCHEME = 'unbound-answer';
const MAX_DOCUMENTS = 30;

export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private next = 1;
  readonly onDidChange = this.changed.event;

  constructor(private readonly scheme: string) {}

  /** Registers the documents' scheme; dispose the result with the store. */
  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this);
  }

  /** A new document named `title` (a `.md` path, so it is shown as markdown). */
  create(title: string, text: string): vscode.Uri {
    const safe = title.replace(/[\\/:*?"<>|#%]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'Answer';
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${safe}.md`, query: `n=${this.next++}` });
    this.texts.set(uri.toString(), text);
    // Each action adds one; the oldest go (a closed one reopened would show empty, not leak).
    for (const old of [...this.texts.keys()].slice(0, Math.max(0, this.texts.size - MAX_DOCUMENTS))) this.texts.delete(old);
    return uri;
  }

  update(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  async show(uri: vscode.Uri): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(uri);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.texts.clear();
    this.changed.dispose();
  }
}
