/**
 * The chat controller without the editor: conversations, the one answer that may
 * stream at a time, Stop, Regenerate, edit-and-resend, history. The feature layer
 * gives it a way to post to the view and the editor-specific parts (context,
 * clipboard); everything here runs under plain node against the simulator.
 */
import type { Clock } from '../clock';
import type { Disposable } from '../events';
import type { Logger } from '../log';
import { isOllamaError } from '../ollama/errors';
import { failureNotice } from '../ollama/failure-notice';
import type { ModelInfo, OllamaApi, OllamaErrorCause } from '../ollama/types';
import { answerStartsInReasoning } from '../reasoning/prefill';
import type { HistoryEntry, ToView, ViewConversation, ViewError, ViewTurn } from '../../protocol/chat';
import { fitConversation } from './budget';
import { chatContextLength, chatFitness, templateHasSystemSlot } from './chat-models';
import { newConversation, newId, titleFrom, type ContextItem, type Conversation, type Turn } from './conversation';
import { findPreset, type Preset } from './presets';
import type { ChatStore, StoreProblem } from './store';
import { streamAnswer } from './stream-answer';
import { errorMessage } from '../error-message';

export interface ChatConfig {
  readonly model: string;
  /** `unbound.chat.contextLength`: the most num_ctx Unbound asks for. */
  readonly contextLength: number;
  readonly keepAlive: string;
  readonly presets: readonly Preset[];
  readonly defaultPreset: string;
  readonly temperature?: number;
}

export interface ChatSessionDeps {
  /** Asked for each answer: the client for the host and stream idle limit now set. */
  readonly api: () => Pick<OllamaApi, 'chat' | 'ps'>;
  readonly modelInfo: (model: string, signal?: AbortSignal) => Promise<ModelInfo>;
  readonly store: ChatStore;
  readonly clock: Clock;
  readonly now: () => number;
  readonly post: (message: ToView) => void;
  /** A foreground-stream lease: completions yield while it is held. */
  readonly beginForegroundStream: () => Disposable;
  readonly config: () => ChatConfig;
  readonly log: Logger;
  /** How often a streaming answer is saved, so a reload loses at most this much. */
  readonly saveEveryMs?: number;
}

/** Room kept free for the answer inside num_ctx. */
const ANSWER_RESERVE_TOKENS = 1024;

interface Running {
  readonly turnId: string;
  readonly controller: AbortController;
  readonly finished: Promise<void>;
}

export class ChatSession implements Disposable {
  private conversations: Conversation[] = [];
  private current: Conversation;
  private running: Running | undefined;
  private think = true;
  private disposed = false;

  constructor(private readonly deps: ChatSessionDeps) {
    this.current = newConversation(deps.now(), deps.config().defaultPreset);
  }

  /** Loads the history; the latest conversation becomes current. Returns files set aside as corrupt. */
  async load(): Promise<StoreProblem[]> {
    const { conversations, problems } = await this.deps.store.loadAll();
    this.conversations = conversations;
    const latest = conversations[0];
    if (latest) this.current = latest;
    for (const p of problems) this.deps.log.warn(`chat history: ${p.file} could not be read (${p.reason}); moved to ${p.movedTo}`);
    return problems;
  }

  get conversation(): Conversation {
    return this.current;
  }

  get streaming(): boolean {
    return this.running !== undefined;
  }

  get thinkEnabled(): boolean {
    return this.think;
  }

  setThink(on: boolean): void {
    this.think = on;
  }

  setPreset(id: string): void {
    this.current.preset = findPreset(this.deps.config().presets, id).id;
    void this.persist(this.current);
  }

  view(): ViewConversation {
    return { id: this.current.id, title: this.current.title, turns: this.current.turns.map(toViewTurn) };
  }

  history(): HistoryEntry[] {
    const all = this.conversations.some((c) => c.id === this.current.id) ? this.conversations : [this.current, ...this.conversations];
    return all
      .filter((c) => c.turns.length > 0)
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((c) => ({ id: c.id, title: c.title, updatedAt: c.updatedAt, messages: c.turns.length }));
  }

  find(id: string): Conversation | undefined {
    return id === this.current.id ? this.current : this.conversations.find((c) => c.id === id);
  }

  /**
   * The conversation a history entry in the view names. It may be gone by the time the
   * user acts on the entry (deleted from another chat tab, the list shown before): then
   * the view is told so and gets the history as it now is, rather than nothing happening.
   */
  findOrReportGone(id: string): Conversation | undefined {
    const c = this.find(id);
    if (c) return c;
    this.deps.post({ type: 'notice', level: 'info', text: 'That conversation is no longer in the history.' });
    this.deps.post({ type: 'history', entries: this.history(), currentId: this.current.id });
    return undefined;
  }

  async send(text: string, context: readonly ContextItem[] = []): Promise<void> {
    if (this.running) {
      this.deps.post({ type: 'notice', level: 'warning', text: 'An answer is still streaming: stop it first (Escape).' });
      return;
    }
    const user: Turn = { id: newId(this.deps.now()), role: 'user', content: text, reasoning: '', status: 'done', ...(context.length ? { context: [...context] } : {}) };
    if (this.current.turns.length === 0) this.current.title = titleFrom(text);
    this.current.turns.push(user);
    await this.answer(user);
  }

  /** Asks again for the last question; the previous answer is replaced. */
  async regenerate(): Promise<void> {
    if (this.running) return;
    const turns = this.current.turns;
    while (turns.length && turns[turns.length - 1]?.role === 'assistant') turns.pop();
    const user = turns[turns.length - 1];
    if (!user) return;
    this.deps.post({ type: 'conversation', conversation: this.view() });
    await this.answer(user);
  }

  /** Replaces the last question (and its answer) with `text`, keeping its context, and asks it. */
  async editLast(text: string): Promise<void> {
    if (this.running) return;
    const turns = this.current.turns;
    let i = turns.length - 1;
    while (i >= 0 && turns[i]?.role !== 'user') i--;
    const last = turns[i];
    const context = last?.context ?? [];
    if (i >= 0) turns.splice(i);
    this.deps.post({ type: 'conversation', conversation: this.view() });
    await this.send(text, context);
  }

  /** Stop: aborts the HTTP request now; resolves when the turn is saved as stopped. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    r.controller.abort();
    await r.finished;
  }

  async newChat(): Promise<void> {
    await this.stop();
    this.remember(this.current);
    this.current = newConversation(this.deps.now(), this.deps.config().defaultPreset);
  }

  async switchTo(id: string): Promise<boolean> {
    const target = this.find(id);
    if (!target) return false;
    if (target === this.current) return true;
    await this.stop();
    this.remember(this.current);
    this.current = target;
    return true;
  }

  async rename(id: string, title: string): Promise<void> {
    const c = this.find(id);
    if (!c || title.trim() === '') return;
    c.title = title.trim().slice(0, 200);
    await this.persist(c);
  }

  async delete(id: string): Promise<void> {
    if (id === this.current.id) {
      await this.stop();
      this.current = newConversation(this.deps.now(), this.deps.config().defaultPreset);
    }
    this.conversations = this.conversations.filter((c) => c.id !== id);
    await this.deps.store.delete(id);
  }

  /** Window closing or reloading: a streaming answer is saved as it stands, stopped, before the host goes. */
  dispose(): void {
    this.disposed = true;
    const r = this.running;
    if (!r) return;
    r.controller.abort();
    const turn = this.current.turns.find((t) => t.id === r.turnId);
    if (turn) turn.status = 'stopped';
    try {
      this.deps.store.saveNowSync(this.current);
    } catch (e) {
      this.deps.log.error(`chat history: could not save on shutdown: ${errorMessage(e)}`);
    }
  }

  private remember(c: Conversation): void {
    if (c.turns.length > 0 && !this.conversations.includes(c)) this.conversations.unshift(c);
  }

  private async persist(c: Conversation): Promise<void> {
    if (c.turns.length === 0) return;
    this.remember(c);
    try {
      await this.deps.store.save(c);
    } catch (e) {
      this.deps.log.error(`chat history: could not save ${c.id}: ${errorMessage(e)}`);
      this.deps.post({ type: 'notice', level: 'warning', text: 'Could not save the conversation (see Unbound logs). It stays open here.' });
    }
  }

  private async answer(user: Turn): Promise<void> {
    const config = this.deps.config();
    const conversation = this.current;
    const assistant: Turn = { id: newId(this.deps.now()), role: 'assistant', content: '', reasoning: '', status: 'streaming', ...(config.model ? { model: config.model } : {}) };
    const controller = new AbortController();
    let resolveFinished = (): void => undefined;
    const finished = new Promise<void>((r) => (resolveFinished = r));
    this.running = { turnId: assistant.id, controller, finished };
    conversation.turns.push(assistant);
    conversation.updatedAt = this.deps.now();
    this.deps.post({ type: 'turnStart', user: toViewTurn(user), assistant: toViewTurn(assistant) });
    const lease = this.deps.beginForegroundStream();
    try {
      await this.persist(conversation);
      await this.generate(conversation, assistant, config, controller);
    } finally {
      lease.dispose();
      this.running = undefined;
      conversation.updatedAt = this.deps.now();
      if (!this.disposed) this.deps.post({ type: 'turnEnd', turn: toViewTurn(assistant) });
      await this.persist(conversation);
      resolveFinished();
    }
  }

  private async generate(conversation: Conversation, assistant: Turn, config: ChatConfig, controller: AbortController): Promise<void> {
    const fail = (error: ViewError): void => {
      assistant.status = 'error';
      assistant.error = error;
    };
    if (!config.model) {
      fail({ message: 'No chat model is chosen. Choose one of the installed models.', actions: ['choose-model', 'pull'] });
      return;
    }
    let info: ModelInfo;
    try {
      info = await this.deps.modelInfo(config.model, controller.signal);
    } catch (e) {
      if (controller.signal.aborted) {
        assistant.status = 'stopped';
        return;
      }
      fail(viewError(isOllamaError(e) ? e.cause : { kind: 'stream', message: String(e) }));
      return;
    }
    const fitness = chatFitness(info);
    if (!fitness.ok) {
      fail({ message: fitness.reason, actions: ['choose-model'] });
      return;
    }
    const preset = findPreset(config.presets, conversation.preset);
    const notices: string[] = [];
    if (preset.prompt.trim() && !templateHasSystemSlot(info.template)) {
      notices.push(`${info.name}'s template has no place for a system prompt: Ollama drops the "${preset.label}" prompt for this model.`);
    }
    const numCtx = chatContextLength(info, config.contextLength);
    const history = conversation.turns.filter((t) => t !== assistant);
    const fitted = fitConversation({ system: preset.prompt, turns: history, contextLength: numCtx, reserveForAnswer: Math.min(ANSWER_RESERVE_TOKENS, numCtx / 4) });
    if (fitted.droppedTurns > 0) {
      notices.push(`${fitted.droppedTurns} oldest message${fitted.droppedTurns === 1 ? '' : 's'} left out to fit the model's context (${numCtx} tokens).`);
    }
    if (fitted.overflow) notices.push(`The question with its context is larger than the model's context (${numCtx} tokens); Ollama will cut it.`);
    if (notices.length) assistant.notice = notices.join(' ');
    const canThink = info.capabilities.has('thinking');
    this.deps.post({ type: 'phase', turnId: assistant.id, phase: (await this.isLoaded(info.name, controller.signal)) ? 'waiting' : 'loading' });
    let sinceSave = this.deps.clock.now();
    const saveEvery = this.deps.saveEveryMs ?? 1000;
    const outcome = await streamAnswer({
      api: this.deps.api(),
      request: {
        model: config.model,
        messages: fitted.messages,
        keepAlive: config.keepAlive,
        options: { num_ctx: numCtx, ...(config.temperature !== undefined ? { temperature: config.temperature } : {}) },
        ...(canThink ? { think: this.think } : {}),
      },
      signal: controller.signal,
      prefilledThink: answerStartsInReasoning(info),
      onPhase: (phase) => this.deps.post({ type: 'phase', turnId: assistant.id, phase }),
      onDelta: (d) => {
        if (d.retract) assistant.content = assistant.content.slice(0, assistant.content.length - d.retract);
        assistant.content += d.answer;
        assistant.reasoning += d.reasoning;
        this.deps.post({ type: 'delta', turnId: assistant.id, reasoning: d.reasoning, answer: d.answer, retract: d.retract });
        if (this.deps.clock.now() - sinceSave >= saveEvery) {
          sinceSave = this.deps.clock.now();
          void this.persist(conversation);
        }
      },
    });
    assistant.content = outcome.content;
    assistant.reasoning = outcome.reasoning;
    switch (outcome.status) {
      case 'done':
        assistant.status = 'done';
        assistant.stats = outcome.stats;
        break;
      case 'stopped':
        assistant.status = 'stopped';
        break;
      case 'error':
        fail(viewError(outcome.cause));
        break;
    }
  }

  private async isLoaded(model: string, signal: AbortSignal): Promise<boolean> {
    try {
      const loaded = await this.deps.api().ps(AbortSignal.any([signal, AbortSignal.timeout(2000)]));
      const key = model.includes(':') ? model : `${model}:latest`;
      return loaded.some((m) => m.name === key || m.name === model);
    } catch {
      return true;
    }
  }
}

/**
 * An Ollama failure as the chat view shows it. The view's Retry always has something to
 * do (regenerate the failed answer, or reload the model list), so it is offered.
 */
export function viewError(cause: OllamaErrorCause): ViewError {
  const { message, actions } = failureNotice(cause, { retry: true });
  return { message, actions: [...actions] };
}

export function toViewTurn(t: Turn): ViewTurn {
  return {
    id: t.id,
    role: t.role,
    content: t.content,
    reasoning: t.reasoning,
    status: t.status,
    ...(t.error ? { error: t.error } : {}),
    ...(t.stats ? { stats: t.stats } : {}),
    ...(t.context ? { context: t.context.map(({ id, kind, label, tokens }) => ({ id, kind, label, tokens })) } : {}),
    ...(t.notice ? { notice: t.notice } : {}),
    ...(t.model ? { model: t.model } : {}),
  };
}
