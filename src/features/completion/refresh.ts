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
 */
import * as vscode from 'vscode';
import type { InlineCompletionItem } from 'vscode-languageserver-protocol';
import type { LanguageClient, StaticFeature } from 'vscode-languageclient/node';
import {
  INLINE_COMPLETION_REFRESH_CAPABILITY,
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
  /** The update waiting for the provider request the trigger below makes. */
  private kept: { readonly place: Place; readonly items: readonly InlineCompletionItem[] } | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly client: LanguageClient) {
    this.subscription = client.onNotification(InlineCompletionRefreshNotification.type, (params) => this.refreshed(params));
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
    this.subscription.dispose();
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
