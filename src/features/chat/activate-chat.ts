/**
 * The chat feature: the sidebar view, the editor-tab command, and what other
 * features may ask of it (Explain from the code actions). Activation only
 * registers; the history loads and the page's code runs when a view opens.
 */
import * as vscode from 'vscode';
import type { UnboundContext } from '../context';
import { ChatController, type ExplainRequest } from './chat-controller';
import { CHAT_VIEW_ID, ChatHosts } from './chat-hosts';
import { errorMessage, errorStack } from '../../core/error-message';

export interface ForegroundSource {
  beginForegroundStream(): vscode.Disposable;
}

/** What the code actions get: Explain lands in this chat. */
export interface ChatExplainer {
  explain(request: ExplainRequest): Promise<void>;
}

export interface ChatFeature extends ChatExplainer {
  /** For the e2e suite and commands: the conversation as the view shows it. */
  readonly controller: ChatController;
  viewReady(): boolean;
}

export function activateChat(ctx: UnboundContext, deps: { readonly foreground: ForegroundSource }): ChatFeature {
  let controller: ChatController | undefined;
  const hosts = new ChatHosts(ctx.extension.extensionUri, ctx.log, (message, reply) => {
    void chat()
      .handle(message, reply)
      .catch((e: unknown) => {
        ctx.log.error(`chat: ${message.type} failed: ${errorStack(e)}`);
        void vscode.window.showErrorMessage(`Unbound chat: ${errorMessage(e)}`, 'Open Logs').then((c) => c && ctx.log.show());
      });
  });
  const chat = (): ChatController => {
    controller ??= new ChatController({ ctx, hosts, beginForegroundStream: () => deps.foreground.beginForegroundStream() });
    return controller;
  };

  ctx.subscriptions.push(
    hosts,
    { dispose: () => controller?.dispose() },
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, hosts),
    vscode.commands.registerCommand('unbound.chat.openInEditor', () => hosts.openPanel()),
    vscode.commands.registerCommand('unbound.chat.new', async () => {
      await chat().chatSession.newChat();
      chat().pushState();
      await hosts.reveal();
    }),
    vscode.commands.registerCommand('unbound.chat.history', async () => {
      await hosts.reveal();
      await chat().ensureLoaded();
      const entries = chat().chatSession.history();
      const picked = await vscode.window.showQuickPick(
        entries.map((e) => ({ label: e.title, description: new Date(e.updatedAt).toLocaleString(), id: e.id })),
        { placeHolder: entries.length ? 'Open a conversation' : 'No saved conversations yet' },
      );
      if (picked && (await chat().chatSession.switchTo(picked.id))) chat().pushState();
    }),
    vscode.commands.registerCommand('unbound.chat.addSelection', async () => {
      await hosts.reveal();
      await chat().handle({ type: 'addContext', kind: 'selection' }, () => undefined);
    }),
    vscode.commands.registerCommand('unbound.chat.stop', () => controller?.chatSession.stop()),
  );

  return {
    get controller() {
      return chat();
    },
    explain: (request) => chat().explain(request),
    viewReady: () => hosts.anyReady,
  };
}
