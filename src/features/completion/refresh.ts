/**
 * Streaming ghost text in VS Code. The client declares that it handles
 * InlineCompletionRefreshNotification, so the server may answer with the start of a completion
 * still being generated, and send the finished completion (or "nothing after all") when it ends.
 *
 * VS Code's stable API has no way for a provider to update the ghost text it gave. An explicit
 * request keeps the suggestion on screen in front of any new one (VS Code's
 * InlineCompletionsModel preserves the current completion then), and hiding it first leaves the
 * line blank for a frame or two. So the finished completion is kept here and "show next" is
 * run: it asks the provider again (answered with the kept items at once, without the server),
 * then selects the item after the shown start, which is the finished one. A notice for a
 * document version, cursor or editor the user has since left is ignored: their next keystroke
 * asks anyway. A withdrawn completion is hidden.
 *
 * The server keeps a streamed completion's generation alive until it ends; when the cursor
 * leaves the place it was asked for (Escape cannot be seen, a move can), the client says so
 * and the generation stops unless a request picks it up (typing what it shows does).
 */
import * as vscode from 'vscode';
import type { InlineCompletionItem } from 'vscode-languageserver-protocol';
import type { LanguageClient, StaticFeature } from 'vscode-languageclient/node';
import {
  INLINE_COMPLETION_REFRESH_CAPABILITY,
  InlineCompletionCursorNotification,
  InlineCompletionRefreshNotification,
  type InlineCompletionRefreshParams,
} from '../../protocol/completion';

export const refreshCapability: StaticFeature = {
  fillClientCapabilities(capabilities) {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), [INLINE_COMPLETION_REFRESH_CAPABILITY]: true };
  },
  initialize() {},
  getState: () => ({ kind: 'static' }),
  clear() {},
};

/** Where a refreshed completion belongs. */
interface Place {
  readonly uri: string;
  readonly version: number;
  readonly line: number;
  readonly character: number;
}

function placeOf(document: vscode.TextDocument, position: vscode.Position): Place {
  return { uri: document.uri.toString(), version: document.version, line: position.line, character: position.character };
}

function samePlace(a: Place, b: Place): boolean {
  return a.uri === b.uri && a.version === b.version && a.line === b.line && a.character === b.character;
}

export class InlineCompletionRefresher implements vscode.Disposable {
  /** The update waiting for the provider request "show next" makes, and any later one for its place. */
  private kept: { readonly place: Place; readonly items: readonly InlineCompletionItem[] } | undefined;
  /** Where the editor last asked for a completion, until the cursor leaves it. */
  private asked: Place | undefined;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly client: LanguageClient) {
    this.disposables = [
      client.onNotification(InlineCompletionRefreshNotification.type, (params) => this.refreshed(params)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.cursorMaybeLeft(e.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.cursorMaybeLeft(editor)),
      // A version number comes back after a close and reopen: what was kept is for the old text.
      vscode.workspace.onDidChangeTextDocument((e) => this.forget(e.document.uri)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    ];
  }

  /** The editor asks for a completion here (every request the middleware lets through). */
  asking(document: vscode.TextDocument, position: vscode.Position): void {
    this.asked = placeOf(document, position);
  }

  /**
   * The items kept for this request's document version and cursor; undefined when the request
   * is for anything else (it goes to the server as usual). Kept until the next update: VS Code
   * may ask again for the same place, and the finished completion is still the answer there.
   */
  take(document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionItem[] | undefined {
    const kept = this.kept;
    if (!kept || !samePlace(kept.place, placeOf(document, position))) return undefined;
    return kept.items.map((item) => this.client.protocol2CodeConverter.asInlineCompletionItem(item));
  }

  dispose(): void {
    this.kept = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  private forget(uri: vscode.Uri): void {
    if (this.kept?.place.uri === uri.toString()) this.kept = undefined;
  }

  private cursorMaybeLeft(editor: vscode.TextEditor | undefined): void {
    const asked = this.asked;
    if (!asked) return;
    const now = editor ? placeOf(editor.document, editor.selection.active) : undefined;
    if (now && samePlace(now, asked)) return;
    this.asked = undefined;
    if (!this.client.isRunning()) return;
    const params = now
      ? { textDocument: { uri: this.client.code2ProtocolConverter.asUri(editor!.document.uri), version: now.version }, position: { line: now.line, character: now.character } }
      : { textDocument: null, position: null };
    this.client.sendNotification(InlineCompletionCursorNotification.type, params).catch(() => undefined);
  }

  private async refreshed(params: InlineCompletionRefreshParams): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const uri = this.client.protocol2CodeConverter.asUri(params.textDocument.uri).toString();
    const asked: Place = { uri, version: params.textDocument.version, ...params.position };
    if (!editor || !editor.selection.isEmpty || !samePlace(asked, placeOf(editor.document, editor.selection.active))) return;
    switch (params.change) {
      case 'withdrawn':
        this.kept = undefined;
        await vscode.commands.executeCommand('editor.action.inlineSuggest.hide');
        return;
      case 'updated':
        this.kept = { place: asked, items: params.items };
        await vscode.commands.executeCommand('editor.action.inlineSuggest.showNext');
        return;
      default: {
        const never: never = params;
        throw new Error(`unknown refresh ${JSON.stringify(never)}`);
      }
    }
  }
}
