/**
 * The extension side of the chat: turns each message from the view into an
 * action (an exhaustive switch), keeps the context chips and the model list, and
 * hands the conversation work to ChatSession (src/core/chat).
 */
import * as vscode from 'vscode';
import { fitConversation } from '../../core/chat/budget';
import { chatContextLength, chatFitness, toViewModel } from '../../core/chat/chat-models';
import { ChatSession, viewError } from '../../core/chat/chat-session';
import type { ContextItem } from '../../core/chat/conversation';
import { conversationToMarkdown } from '../../core/chat/export-markdown';
import { findPreset } from '../../core/chat/presets';
import { ChatStore } from '../../core/chat/store';
import { systemClock } from '../../core/clock';
import { ModelInfoCache } from '../../core/ollama/capabilities';
import { isOllamaError } from '../../core/ollama/errors';
import type { ModelInfo, OllamaApi } from '../../core/ollama/types';
import type { ChatViewState, ErrorActionId, FromView, ToView, ViewError, ViewModel } from '../../protocol/chat';
import type { UnboundContext } from '../context';
import { runErrorAction, showOllamaError } from '../models/error-notice';
import { readChatSettings, type ChatSettings } from './chat-settings';
import type { ChatHosts } from './chat-hosts';
import { EditorTracker, ProposalDocuments, runCodeAction } from './code-block-actions';
import { codeContext, fileContext, pickFileContext, selectionContext } from './context-source';
import { openModelLink } from './link-opener';
import { errorMessage } from '../../core/error-message';

const MODEL_KEY = 'unbound.chat.model';

export interface ExplainRequest {
  readonly code: string;
  readonly languageId: string;
  readonly fileName: string;
  readonly instruction: string;
}

export interface ChatControllerDeps {
  readonly ctx: UnboundContext;
  readonly hosts: ChatHosts;
  readonly beginForegroundStream: () => vscode.Disposable;
}

export class ChatController implements vscode.Disposable {
  private readonly session: ChatSession;
  private readonly editors = new EditorTracker();
  private readonly proposals = new ProposalDocuments();
  private readonly subscriptions: vscode.Disposable[] = [];
  private chips: ContextItem[] = [];
  private models: ViewModel[] = [];
  private modelsError: ViewError | undefined;
  private infos: ModelInfoCache;
  private readonly contextLengths = new Map<string, number>();
  private loading: Promise<void> | undefined;
  private settings: ChatSettings = readChatSettings();

  constructor(private readonly deps: ChatControllerDeps) {
    const { ctx } = deps;
    this.infos = new ModelInfoCache(ctx.ollama.api);
    this.session = new ChatSession({
      api: () => this.api,
      modelInfo: (model, signal) => this.infos.show(model, signal),
      store: new ChatStore(vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'chats').fsPath),
      clock: systemClock,
      now: Date.now,
      post: (m) => deps.hosts.post(m),
      beginForegroundStream: deps.beginForegroundStream,
      config: () => ({
        model: this.model,
        contextLength: this.settings.contextLength,
        keepAlive: this.settings.keepAlive,
        presets: this.settings.presets,
        defaultPreset: this.settings.defaultPreset,
      }),
      log: ctx.log,
    });
    this.subscriptions.push(
      this.editors,
      this.proposals,
      ctx.ollama.onDidChangeHost(() => {
        this.infos = new ModelInfoCache(this.api);
        void this.refreshModels();
      }),
      ctx.settings.onDidChange(() => void this.refreshModels()),
      // Ollama started (or came back): the picker and the "not running" banner must follow.
      ctx.daemon.onDidChangeState((state) => {
        if (state.kind === 'running') void this.refreshModels();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('unbound.chat')) return;
        this.settings = readChatSettings();
        this.pushState();
      }),
    );
  }

  private get api(): OllamaApi {
    return this.deps.ctx.ollama.api;
  }

  /** The workspace's choice, else the `unbound.chat.model` setting. */
  get model(): string {
    return this.deps.ctx.extension.workspaceState.get<string>(MODEL_KEY) || this.deps.ctx.settings.current.chatModel;
  }

  get chatSession(): ChatSession {
    return this.session;
  }

  /** Loads the history once, on first use (not at activation). */
  ensureLoaded(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const problems = await this.session.load();
        if (problems.length) {
          void vscode.window.showWarningMessage(
            `Unbound could not read ${problems.length} saved conversation${problems.length === 1 ? '' : 's'}; the file${problems.length === 1 ? ' was' : 's were'} set aside (${problems.map((p) => p.movedTo).join(', ')}).`,
            'Open Logs',
          ).then((c) => c && this.deps.ctx.log.show());
        }
      } catch (e) {
        this.deps.ctx.log.error(`chat history could not be loaded: ${errorMessage(e)}`);
      }
    })();
    return this.loading;
  }

  async handle(m: FromView, reply: (m: ToView) => void): Promise<void> {
    await this.ensureLoaded();
    switch (m.type) {
      case 'ready':
        reply({ type: 'state', state: this.state() });
        void this.refreshModels();
        if (this.settings.autoContext !== 'off') this.addAuto();
        return;
      case 'send': {
        const context = this.takeChips();
        this.pushState();
        await this.session.send(m.text, context);
        return;
      }
      case 'stop':
        await this.session.stop();
        return;
      case 'regenerate':
        await this.session.regenerate();
        return;
      case 'editLast':
        await this.session.editLast(m.text);
        return;
      case 'newChat':
        await this.session.newChat();
        this.pushState();
        return;
      case 'pickModel':
        await this.pickModel(m.model);
        return;
      case 'setThink':
        this.session.setThink(m.on);
        return;
      case 'setPreset':
        this.session.setPreset(m.preset);
        this.pushState();
        return;
      case 'copyMessage': {
        const turn = this.session.conversation.turns.find((t) => t.id === m.turnId);
        // The answer only: reasoning is never copied.
        if (turn) await vscode.env.clipboard.writeText(turn.content);
        return;
      }
      case 'code':
        await runCodeAction(m.action, m.code, m.language, { editors: this.editors, proposals: this.proposals });
        return;
      case 'openLink':
        await openModelLink(m.href, this.deps.ctx.extension.globalState, this.deps.ctx.log);
        return;
      case 'addContext':
        await this.addContext(m.kind);
        return;
      case 'mention':
        await this.addChip(await pickFileContext(m.query));
        return;
      case 'removeChip':
        this.chips = this.chips.filter((c) => c.id !== m.id);
        this.pushState();
        return;
      case 'errorAction':
        await this.errorAction(m.action);
        return;
      case 'showHistory':
        this.postHistory();
        return;
      case 'switchConversation':
        if (await this.session.switchTo(m.id)) this.pushState();
        return;
      case 'renameConversation': {
        const c = this.session.findOrReportGone(m.id);
        if (!c) return;
        const title = await vscode.window.showInputBox({ prompt: 'Rename conversation', value: c.title, validateInput: (v) => (v.trim() ? undefined : 'A title is needed') });
        if (title) await this.session.rename(m.id, title);
        this.postHistory();
        this.pushState();
        return;
      }
      case 'deleteConversation': {
        const c = this.session.findOrReportGone(m.id);
        if (!c) return;
        const ok = await vscode.window.showWarningMessage(`Delete the conversation "${c.title}"?`, { modal: true }, 'Delete');
        if (ok !== 'Delete') return;
        await this.session.delete(m.id);
        this.postHistory();
        this.pushState();
        return;
      }
      case 'exportConversation': {
        const c = this.session.findOrReportGone(m.id);
        if (!c) return;
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: conversationToMarkdown(c) });
        await vscode.window.showTextDocument(doc);
        return;
      }
      default: {
        const never: never = m;
        this.deps.ctx.log.warn(`chat: unhandled message ${JSON.stringify(never)}`);
      }
    }
  }

  /** Explain (from code actions): open the chat, add the code as context, ask, stream. */
  async explain(request: ExplainRequest): Promise<void> {
    await this.ensureLoaded();
    await this.deps.hosts.reveal();
    await this.session.stop();
    // The action may send no instruction of its own: the question is then the plain one.
    const question = request.instruction.trim() || `Explain this ${request.languageId} code from ${request.fileName}.`;
    await this.session.send(question, [codeContext(request.code, request.languageId, request.fileName)]);
  }

  /** Sends a question as if typed (commands and tests). */
  async ask(text: string): Promise<void> {
    await this.ensureLoaded();
    await this.session.send(text, this.takeChips());
  }

  state(): ChatViewState {
    const settings = this.settings;
    const preset = findPreset(settings.presets, this.session.conversation.preset);
    const contextLength = this.contextLengths.get(this.model) ?? settings.contextLength;
    const fitted = fitConversation({
      system: preset.prompt,
      turns: [...this.session.conversation.turns, { id: 'next', role: 'user', content: '', reasoning: '', status: 'done', context: this.chips }],
      contextLength,
      reserveForAnswer: 0,
    });
    return {
      conversation: this.session.view(),
      models: this.models,
      model: this.model,
      presets: settings.presets.map((p) => ({ id: p.id, label: p.label })),
      preset: preset.id,
      think: this.session.thinkEnabled,
      chips: this.chips.map(({ id, kind, label, tokens }) => ({ id, kind, label, tokens })),
      budget: { usedTokens: fitted.usedTokens, contextLength },
      ...(this.modelsError ? { modelsError: this.modelsError } : {}),
    };
  }

  pushState(): void {
    this.deps.hosts.post({ type: 'state', state: this.state() });
  }

  postHistory(): void {
    this.deps.hosts.post({ type: 'history', entries: this.session.history(), currentId: this.session.conversation.id });
  }

  /** Installed models that can chat, with their badges. */
  async refreshModels(): Promise<void> {
    try {
      const installed = (await this.api.list()).filter((m) => !m.remote);
      const infos = await Promise.all(installed.map((m) => this.infos.show(m.name).catch(() => undefined)));
      const usable = infos.filter((i): i is ModelInfo => i !== undefined && chatFitness(i).ok);
      this.models = usable.map(toViewModel);
      for (const info of usable) this.contextLengths.set(info.name, chatContextLength(info, this.settings.contextLength));
      this.modelsError = usable.length
        ? undefined
        : { message: installed.length ? 'None of the installed models can chat. Pull a chat model.' : 'No models are installed. Pull a chat model.', actions: ['pull'] };
    } catch (e) {
      this.models = [];
      this.modelsError = isOllamaError(e) ? viewError(e.cause) : { message: String(e), actions: ['retry'] };
    }
    this.pushState();
  }

  private async pickModel(model: string): Promise<void> {
    try {
      const info = await this.infos.show(model);
      const fitness = chatFitness(info);
      if (!fitness.ok) {
        void vscode.window.showWarningMessage(fitness.reason);
        this.pushState();
        return;
      }
    } catch (e) {
      if (isOllamaError(e)) void showOllamaError(e, { model, chooseModel: () => this.chooseModel() });
      this.pushState();
      return;
    }
    await this.deps.ctx.extension.workspaceState.update(MODEL_KEY, model);
    this.pushState();
  }

  /** A button of an error in the view: the same action as the button of an Ollama error notice. */
  private async errorAction(action: ErrorActionId): Promise<void> {
    await runErrorAction(action, {
      ...(this.model ? { model: this.model } : {}),
      retry: async () => {
        await this.refreshModels();
        if (this.session.conversation.turns.at(-1)?.status === 'error') await this.session.regenerate();
      },
      // The chat's model is the workspace's choice first: setting unbound.chat.model would not change it.
      chooseModel: () => this.chooseModel(),
    });
    // Started or pulled: the picker and the "not running" banner must follow.
    if (action === 'start' || action === 'pull') await this.refreshModels();
  }

  private async chooseModel(): Promise<void> {
    await this.refreshModels();
    const picked = await vscode.window.showQuickPick(
      this.models.map((m) => ({ label: m.name, description: m.badges.join(' · ') })),
      { placeHolder: 'Choose the chat model' },
    );
    if (picked) await this.pickModel(picked.label);
  }

  private async addContext(kind: 'selection' | 'file' | 'pick'): Promise<void> {
    const editor = this.editors.editor;
    if (kind === 'pick') {
      await this.addChip(await pickFileContext());
      return;
    }
    const chip = kind === 'selection' ? selectionContext(editor) : fileContext(editor);
    if (!chip) {
      this.deps.hosts.post({ type: 'notice', level: 'info', text: kind === 'selection' ? 'Select some code in an editor first.' : 'Open a file in an editor first.' });
      return;
    }
    await this.addChip(chip);
  }

  private addAuto(): void {
    const editor = this.editors.editor;
    const chip = this.settings.autoContext === 'selection' ? selectionContext(editor) : fileContext(editor);
    if (chip && !this.chips.some((c) => c.label === chip.label)) void this.addChip(chip);
  }

  private async addChip(chip: ContextItem | undefined): Promise<void> {
    if (!chip) return;
    this.chips = [...this.chips.filter((c) => c.label !== chip.label), chip];
    this.pushState();
    this.deps.hosts.post({ type: 'focusInput' });
  }

  private takeChips(): ContextItem[] {
    const chips = this.chips;
    this.chips = [];
    return chips;
  }

  dispose(): void {
    this.session.dispose();
    for (const d of this.subscriptions.splice(0)) d.dispose();
  }
}
