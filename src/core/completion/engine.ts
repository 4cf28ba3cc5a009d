/**
 * The completion engine the language server calls: one `complete()` per
 * inline-completion request. It decides, in this order and cheaply first, whether
 * the request can be answered without the model (type-ahead into the completion
 * in flight or just shown, the LRU cache), whether it should be answered at all
 * (disabled, no model, chat has priority, daemon down), then debounces, asks the
 * scheduler for a generation and post-processes what comes back.
 *
 * Everything that supersedes a generation happens synchronously when the newer
 * request arrives, before the first `await`, so Ollama stops within a tick.
 */
import { assertNever } from '../assert-never';
import type { Clock } from '../clock';
import { Emitter, type Disposable, type Event } from '../events';
import type { Logger } from '../log';
import { OllamaError, toOllamaError } from '../ollama/errors';
import type { OllamaApi, OllamaErrorCause } from '../ollama/types';
import { languageEnabled, type CompletionSettings } from '../settings';
import type {
  CompletionOutcome,
  CompletionRequest,
  EngineNotice,
  EngineStatus,
  PostprocessResult,
  Refresh,
  RequestLogEntry,
  SkipReason,
  TextSnapshot,
} from './api';
import { completionCacheKey, KEY_PREFIX_CHARS, KEY_SUFFIX_CHARS, LruCache } from './cache';
import { contextWindow, relatedSnippets } from './context';
import { AdaptiveDebounce } from './debounce';
import { generateRequest, promptBudget } from './fim-request';
import { buildFimPrompt } from './formats';
import type { Generation, GenerationEnd } from './generation';
import { ModelPlanner, RECOMMENDED_FIM_MODEL, type ModelPlan } from './model-plan';
import { NoticeGate } from './notices';
import { cursorContext, oneLineOnly, postprocess, shapeAnswer, type CursorContext } from './postprocess';
import { showablePartial } from './partial';
import { logEntry, promptPreview, RequestLog, type LogDraft } from './request-log';
import { Scheduler, type Subscription } from './scheduler';
import { StreamWatchers, type Place } from './stream-watchers';
import { anchorAt, matchTyped, streamStillFits, typedByEdit, typedSince, type Anchor } from './type-ahead';
import { errorMessage } from '../error-message';

export interface EngineDeps {
  api: OllamaApi;
  clock: Clock;
  logger: Logger;
  epochNow?: () => number;
  /**
   * Resolves once the messages that already reached the process have been handled (on the
   * language server: its queued LSP messages). A debounce that runs out while the next
   * keystroke's didChange is queued behind it must not start a generation for the older text.
   */
  drainInput?: () => Promise<void>;
}

/** While the daemon is known to be down, try it again at most this often. */
export const DAEMON_REPROBE_MS = 3000;

/** What the engine keeps with each generation. */
interface GenerationMeta {
  readonly anchor: Anchor;
  readonly cursor: CursorContext;
  /** The format's stop strings, cut at on our side too. */
  readonly stops: readonly string[];
  readonly cacheKey: string;
  readonly promptPreview: string;
  /** Post-processed once, shared by every request that follows the generation. */
  final?: PostprocessResult;
}

/** The completion last shown, for type-ahead after it finished. */
interface Shown {
  readonly anchor: Anchor;
  readonly text: string;
  readonly replaceSuffixChars: number;
}

type WaitResult = 'elapsed' | 'cancelled' | 'superseded' | 'yield' | 'settings-changed';

interface PendingWait {
  readonly request: CompletionRequest;
  settle(result: WaitResult): void;
}

type Planned = { readonly ok: true; readonly plan: ModelPlan } | { readonly ok: false; readonly error: OllamaError };

/** A completion served by its first words, as its watcher knows it. */
interface Served {
  readonly typed: string;
  readonly shown: string;
  readonly draft: LogDraft;
  readonly source: 'generated' | 'type-ahead';
  readonly place: Place;
}

export class CompletionEngine implements Disposable {
  private api: OllamaApi;
  private settings: CompletionSettings;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly epochNow: () => number;
  private readonly drainInput: () => Promise<void>;

  private readonly scheduler: Scheduler<GenerationMeta>;
  private readonly planner: ModelPlanner;
  private readonly cache = new LruCache<PostprocessResult>();
  private readonly debounce = new AdaptiveDebounce();
  private readonly log = new RequestLog();
  private readonly notices = new NoticeGate();
  private readonly statusEmitter = new Emitter<EngineStatus>();
  private readonly noticeEmitter = new Emitter<EngineNotice>();
  private readonly disposables: Disposable[] = [];
  /** Streamed completions on screen, each keeping its generation alive until it ends or the cursor leaves. */
  private readonly watchers = new StreamWatchers();
  /** The "which installed models can fill in the middle" lookups for notices: aborted on a host change and on dispose. */
  private lookups = new AbortController();

  private currentStatus: EngineStatus;
  private lastShown: Shown | undefined;
  private pending: PendingWait | undefined;
  /** When the last edit arrived, if the editor reports edits (documentChanged). */
  private lastEditAt: number | undefined;
  private foreground = 0;
  private sequence = 0;
  private disposed = false;
  /** Set while the daemon is known to be down: when it was last tried. */
  private daemonTriedAt: number | undefined;
  private lastError: OllamaErrorCause | undefined;
  private notFim: { readonly model: string; fimModels: readonly string[] } | undefined;

  readonly onDidChangeStatus: Event<EngineStatus> = this.statusEmitter.event;
  readonly onNotice: Event<EngineNotice> = this.noticeEmitter.event;

  constructor(deps: EngineDeps, settings: CompletionSettings) {
    this.api = deps.api;
    this.clock = deps.clock;
    this.logger = deps.logger;
    this.epochNow = deps.epochNow ?? Date.now;
    this.drainInput = deps.drainInput ?? (() => Promise.resolve());
    this.settings = settings;
    this.scheduler = new Scheduler<GenerationMeta>(deps.clock);
    this.planner = new ModelPlanner(deps.api, deps.clock, deps.logger);
    this.disposables.push(this.scheduler, this.statusEmitter, this.noticeEmitter);
    this.disposables.push(this.scheduler.onDidChange(() => this.refreshStatus()));
    this.currentStatus = this.deriveStatus();
  }

  get status(): EngineStatus {
    return this.currentStatus;
  }

  requestLog(): readonly RequestLogEntry[] {
    return this.log.list();
  }

  updateSettings(next: CompletionSettings): void {
    const prev = this.settings;
    this.settings = next;
    if (prev.model !== next.model) {
      this.scheduler.abortAll('settings-changed');
      this.lastShown = undefined;
      this.notFim = undefined;
      this.lastError = undefined;
      this.notices.clear('model-missing');
      this.notices.clear('model-not-fim');
      this.notices.clear('no-model');
    }
    // A deliberate change of the context length is the one time num_ctx may change (one reload).
    if (prev.contextLength !== next.contextLength) this.planner.reset();
    if (
      prev.maxTokens !== next.maxTokens ||
      prev.temperature !== next.temperature ||
      prev.multiline !== next.multiline ||
      prev.repositoryContext !== next.repositoryContext ||
      prev.contextLength !== next.contextLength
    ) {
      this.cache.clear();
      this.lastShown = undefined;
    }
    if (!next.enabled) this.scheduler.abortAll('settings-changed');
    // A request waiting out its debounce was asked under the old settings: it looks again now, so a
    // completion turned off or a model changed meanwhile sends nothing.
    const waiting = this.pending;
    if (waiting && (prev.model !== next.model || this.refusal(waiting.request, next))) waiting.settle('settings-changed');
    if (this.yielding) this.yieldNow();
    this.refreshStatus();
  }

  setApi(api: OllamaApi): void {
    this.api = api;
    this.scheduler.abortAll('settings-changed');
    this.pending?.settle('superseded');
    this.planner.reset(api);
    this.lookups.abort();
    this.lookups = new AbortController();
    this.cache.clear();
    this.lastShown = undefined;
    this.daemonTriedAt = undefined;
    this.lastError = undefined;
    this.notFim = undefined;
    this.notices.clearAll();
    this.refreshStatus();
  }

  setForegroundStreams(count: number): void {
    this.foreground = Math.max(0, Math.floor(count));
    if (this.yielding) this.yieldNow();
    this.refreshStatus();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.pending?.settle('cancelled');
    this.lookups.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  async complete(request: CompletionRequest, signal: AbortSignal): Promise<CompletionOutcome> {
    const draft: LogDraft = {
      id: ++this.sequence,
      time: this.epochNow(),
      model: this.settings.model,
      uri: request.uri,
      debounceMs: 0,
      promptPreview: '',
      raw: '',
      final: '',
    };
    let outcome: CompletionOutcome;
    try {
      // Runs synchronously up to its first await: supersession happens now.
      outcome = await this.serve(request, signal, draft);
    } catch (e) {
      const cause = toOllamaError(e, { host: this.api.host.url, model: draft.model }).cause;
      this.logger.error(`Completion request ${draft.id} failed unexpectedly: ${errorMessage(e)}`);
      outcome = { kind: 'error', cause };
    }
    this.log.add(logEntry(draft, outcome));
    return outcome;
  }

  /**
   * The user edited `uri` (LSP didChange, sent on every keystroke, before the
   * editor's own debounce lets the next request through). A generation in flight
   * that the edit does not type ahead into is stale from now: it stops at once
   * instead of generating until that request arrives. The edits also time the
   * debounce: the user's rhythm, and the wait counted from the keystroke.
   */
  documentChanged(uri: string, document: TextSnapshot): void {
    const now = this.clock.now();
    const inBurst = this.debounce.inBurst(now);
    this.debounce.observe(now);
    this.lastEditAt = now;
    // A request still waiting out its debounce is for the text before this edit: the next one is on its way.
    if (this.pending?.request.uri === uri) this.pending.settle('superseded');
    const model = this.settings.model;
    const inFlight = model ? this.scheduler.inFlight(model) : undefined;
    if (!inFlight || inFlight.meta.anchor.uri !== uri) return;
    const typed = typedByEdit(inFlight.meta.anchor, uri, document);
    if (typed === undefined || !streamStillFits(typed, inFlight.generation.text)) {
      this.scheduler.abortModel(model, 'superseded');
      if (inBurst) this.debounce.falseStart();
    }
  }

  private get yielding(): boolean {
    return this.foreground > 0 && this.settings.yieldToChat;
  }

  /** Why the settings (or chat) refuse `request` a completion, if they do. */
  private refusal(request: CompletionRequest, settings: CompletionSettings): CompletionOutcome | undefined {
    if (!settings.enabled) return skip('disabled');
    if (!languageEnabled(settings.languages, request.languageId)) return skip('language-disabled', request.languageId);
    if (settings.triggerMode === 'manual' && request.trigger === 'automatic') return skip('disabled', 'triggerMode is manual');
    if (!settings.model) {
      this.tellNoModel();
      return skip('no-model');
    }
    if (this.yielding) return skip('yield-to-chat');
    return undefined;
  }

  private yieldNow(): void {
    this.scheduler.abortAll('yield-to-chat');
    this.pending?.settle('yield');
  }

  private async serve(request: CompletionRequest, signal: AbortSignal, draft: LogDraft): Promise<CompletionOutcome> {
    const settings = this.settings;
    const model = settings.model;
    const seq = draft.id;
    const automatic = request.trigger === 'automatic';
    const partial = request.partial === true && settings.streaming;
    const { document, offset } = request;
    const place: Place = { uri: request.uri, version: request.version, offset };
    // Without edit reports, the requests are the keystrokes.
    if (automatic && this.lastEditAt === undefined) this.debounce.observe(this.clock.now());
    // An older request still waiting out its debounce is obsolete now.
    this.pending?.settle('superseded');

    if (this.disposed) return { kind: 'cancelled' };
    const refused = this.refusal(request, settings);
    if (refused) return refused;
    if (signal.aborted) return { kind: 'cancelled' };

    // 1. The generation in flight: follow it if what was typed is what it produced so far, or
    //    consistently goes past it; otherwise (including "nothing produced yet to compare with") abort it at once.
    const inFlight = this.scheduler.inFlight(model);
    if (inFlight) {
      const typed = typedSince(inFlight.meta.anchor, request.uri, model, document, offset);
      if (typed !== undefined && streamStillFits(typed, inFlight.generation.text)) {
        const followed = await this.follow(this.scheduler.subscribe(inFlight.generation), inFlight.meta, { typed, partial, place }, signal, draft, 'type-ahead');
        if (followed) return followed;
        if (seq !== this.sequence) return skip('superseded');
      } else {
        this.scheduler.abortModel(model, 'superseded');
      }
    }

    // 2. The completion just shown, typed into.
    const shown = this.lastShown;
    if (shown) {
      const typed = typedSince(shown.anchor, request.uri, model, document, offset);
      const match = typed === undefined ? undefined : matchTyped(typed, shown.text, true);
      if (match?.kind === 'rest') {
        draft.final = match.rest;
        return { kind: 'shown', text: match.rest, replaceSuffixChars: shown.replaceSuffixChars, source: 'type-ahead' };
      }
    }

    // 3. An exact revisit.
    const cacheKey = completionCacheKey(
      model,
      document.slice(Math.max(0, offset - KEY_PREFIX_CHARS), offset),
      document.slice(offset, Math.min(document.length, offset + KEY_SUFFIX_CHARS)),
    );
    const hit = this.cache.get(cacheKey);
    if (hit) {
      if (hit.kind === 'dropped') return skip('empty-after-postprocess', `${hit.reason} (cached)`);
      this.lastShown = { anchor: anchorAt(request.uri, model, document, offset), text: hit.text, replaceSuffixChars: hit.replaceSuffixChars };
      draft.final = hit.text;
      return { kind: 'shown', text: hit.text, replaceSuffixChars: hit.replaceSuffixChars, source: 'cache' };
    }

    const known = this.planner.peek(model);
    if (known?.kind === 'not-fim') {
      this.tellNotFim(model);
      return skip('model-not-fim', known.reason);
    }

    if (automatic && /^\w/.test(document.slice(offset, Math.min(document.length, offset + 1)))) return skip('mid-word');

    // 4. Don't hammer a daemon known to be down: one request every few seconds tries again.
    if (this.daemonTriedAt !== undefined && this.clock.now() - this.daemonTriedAt < DAEMON_REPROBE_MS) {
      return skip('daemon-down', this.api.host.url);
    }

    // 5. Debounce, resolving the model's plan meanwhile (cached after the first time).
    const planned: Promise<Planned> = this.planner.plan(model, settings.contextLength, settings.modelFromUserSettings).then(
      (plan) => ({ ok: true, plan }),
      (e: unknown) => ({ ok: false, error: toOllamaError(e, { host: this.api.host.url, model }) }),
    );
    // The wait runs from the keystroke: the editor's own debounce already spent part of it.
    const sinceEdit = this.lastEditAt === undefined ? 0 : Math.max(0, this.clock.now() - this.lastEditAt);
    const delay = automatic ? Math.max(0, this.debounce.delayMs({ baseMs: settings.debounceMs, adaptive: settings.adaptiveDebounce }) - sinceEdit) : 0;
    draft.debounceMs = delay;
    const waited = await this.wait(request, delay, signal);
    switch (waited) {
      case 'elapsed':
        break;
      case 'cancelled':
        return { kind: 'cancelled' };
      case 'superseded':
        return skip('debounced');
      case 'yield':
        return skip('yield-to-chat');
      case 'settings-changed':
        return this.refusal(request, this.settings) ?? skip('superseded', 'the model changed');
      default: {
        const unreachable: never = waited;
        return unreachable;
      }
    }

    // This request is the one that tries a daemon known to be down; others wait their turn.
    if (this.daemonTriedAt !== undefined) this.daemonTriedAt = this.clock.now();
    // A slow /api/show must not hold a cancelled request: it answers now, the plan resolves for later ones.
    const result = await untilAborted(planned, signal);
    if (result === 'cancelled' || signal.aborted) return { kind: 'cancelled' };
    if (seq !== this.sequence || this.settings.model !== model) return skip('superseded');
    if (this.yielding) return skip('yield-to-chat');
    if (!result.ok) return this.failed(result.error.cause, model);
    const plan = result.plan;
    if (plan.kind === 'not-fim') {
      this.tellNotFim(model);
      return skip('model-not-fim', plan.reason);
    }

    // 6. Prompt and generation.
    const related = request.related ?? [];
    const withRelated = settings.repositoryContext && plan.plan.family === 'qwen' && related.length > 0;
    const budget = promptBudget(plan.numCtx, settings.maxTokens, withRelated);
    const window = contextWindow(document, offset, budget.window);
    const prompt = buildFimPrompt(plan.plan, {
      prefix: window.prefix,
      suffix: window.suffix,
      path: request.path,
      languageId: request.languageId,
      related: withRelated ? relatedSnippets(related, budget.relatedTokens) : [],
      repoName: request.repoName,
    });
    // One rule for how far the completion reaches: the generation stops by it, post-processing cuts by it.
    const cursor = cursorContext({ prefix: window.prefix, suffix: window.suffix, languageId: request.languageId, multiline: settings.multiline });
    // A stop string the code around the cursor contains is content here (code that builds prompts): Ollama must not stop at it.
    const stops = prompt.stop.filter((s) => !window.prefix.includes(s) && !window.suffix.includes(s));
    const meta: GenerationMeta = {
      anchor: anchorAt(request.uri, model, document, offset),
      cursor,
      stops,
      cacheKey,
      promptPreview: promptPreview(prompt.prompt),
    };
    const subscription = this.scheduler.start(
      {
        api: this.api,
        request: generateRequest(model, { ...prompt, stop: stops }, settings, plan.numCtx, oneLineOnly(cursor)),
        shape: (received) => shapeAnswer(received, cursor, { final: false, stops }),
      },
      meta,
    );
    const outcome = await this.follow(subscription, meta, { typed: '', partial, place }, signal, draft, 'generated');
    return outcome ?? skip('empty-after-postprocess', meta.final?.kind === 'dropped' ? meta.final.reason : 'nothing left to show');
  }

  /**
   * Waits for a generation as one of its subscribers and serves what follows
   * `typed`; undefined when the finished completion does not continue what was typed.
   * With `partial`, serves the first whole words as soon as they are there (partial.ts)
   * and hands the subscription to a watcher that says when to ask again.
   */
  private async follow(
    subscription: Subscription,
    meta: GenerationMeta,
    want: { readonly typed: string; readonly partial: boolean; readonly place: Place },
    signal: AbortSignal,
    draft: LogDraft,
    source: 'generated' | 'type-ahead',
  ): Promise<CompletionOutcome | undefined> {
    const generation = subscription.generation;
    const { typed } = want;
    draft.promptPreview = meta.promptPreview;
    let handedOver = false;
    let end: GenerationEnd | 'cancelled';
    try {
      for (;;) {
        if (!generation.running) {
          end = await generation.finished;
          break;
        }
        if (want.partial) {
          const shown = showablePartial(generation.text, meta.cursor);
          const match = matchTyped(typed, shown, false);
          if (match.kind === 'rest' && match.rest.trim() !== '') {
            noteGeneration(draft, generation);
            draft.final = match.rest;
            draft.partial = true;
            if (source === 'generated') this.debounce.shown();
            handedOver = true;
            const refresh = this.refreshWhenDone(subscription, meta, { typed, shown, draft, source, place: want.place });
            return { kind: 'shown', text: match.rest, replaceSuffixChars: 0, source, refresh };
          }
        }
        if ((await untilAborted(generation.changed(), signal)) === 'cancelled') {
          end = 'cancelled';
          break;
        }
      }
    } finally {
      if (!handedOver) subscription.dispose();
    }
    noteGeneration(draft, generation);
    if (end === 'cancelled') return { kind: 'cancelled' };
    switch (end.kind) {
      case 'aborted':
        return skip(end.reason === 'yield-to-chat' ? 'yield-to-chat' : 'superseded');
      case 'error':
        return this.failed(end.cause, generation.model);
      case 'done': {
        const final = this.settle(generation, meta);
        if (final.kind === 'dropped') return undefined;
        const match = matchTyped(typed, final.text, true);
        if (match.kind !== 'rest') return undefined;
        draft.final = match.rest;
        if (source === 'generated') this.debounce.shown();
        return { kind: 'shown', text: match.rest, replaceSuffixChars: final.replaceSuffixChars, source };
      }
      default: {
        const unreachable: never = end;
        return unreachable;
      }
    }
  }

  /**
   * A finished generation's completion: post-processed once (the whole answer, shaped again as
   * final: the cut is the one the stream stopped at), cached, and remembered as shown.
   */
  private settle(generation: Generation, meta: GenerationMeta): PostprocessResult {
    this.reachable(generation.model);
    const final = (meta.final ??= postprocess(generation.raw, meta.cursor, meta.stops));
    this.cache.set(meta.cacheKey, final);
    if (final.kind === 'ok') this.lastShown = { anchor: meta.anchor, text: final.text, replaceSuffixChars: final.replaceSuffixChars };
    return final;
  }

  /**
   * After a partial completion was served (`shown`, of which the user had typed `typed`): keeps
   * the generation alive (the subscription is this watcher's now) and says what to show instead
   * for the same cursor once it ends: the finished completion if it is not `shown`, or nothing
   * when it was dropped. One update, not one per line: VS Code takes one without a blink (see
   * src/features/completion/refresh.ts). The finished completion is also remembered and cached.
   */
  private async refreshWhenDone(subscription: Subscription, meta: GenerationMeta, served: Served): Promise<Refresh | undefined> {
    const generation = subscription.generation;
    const { typed, shown } = served;
    const watched = this.watchers.watch({ place: served.place, anchor: meta.anchor, generation, release: () => subscription.dispose() });
    try {
      const end = await generation.finished;
      switch (end.kind) {
        case 'aborted':
          // Chat took the GPU, the model changed, the user moved on: the start shown is stale.
          // (After an edit the editor ignores this: the version it is for is gone.)
          this.amendLog(served, generation, skip(end.reason === 'yield-to-chat' ? 'yield-to-chat' : 'superseded', 'its first words were shown, then taken back'));
          return { generation: generation.id, change: 'withdrawn' };
        case 'error':
          this.amendLog(served, generation, this.failed(end.cause, generation.model));
          return { generation: generation.id, change: 'withdrawn' };
        case 'done': {
          const final = this.settle(generation, meta);
          const match = final.kind === 'ok' ? matchTyped(typed, final.text, true) : undefined;
          if (final.kind === 'dropped' || match?.kind !== 'rest') {
            const why = final.kind === 'dropped' ? final.reason : 'the finished completion does not continue what was typed';
            this.amendLog(served, generation, skip('empty-after-postprocess', `${why} (its first words were shown, then taken back)`));
            return { generation: generation.id, change: 'withdrawn' };
          }
          this.amendLog(served, generation, { kind: 'shown', text: match.rest, replaceSuffixChars: final.replaceSuffixChars, source: served.source });
          if (final.text === shown && final.replaceSuffixChars === 0) return undefined;
          return { generation: generation.id, change: 'updated', text: match.rest, replaceSuffixChars: final.replaceSuffixChars };
        }
        default:
          return assertNever(end);
      }
    } finally {
      watched.dispose();
      subscription.dispose();
    }
  }

  /** The editor's cursor is at `place` now: streamed completions it left let their generations go (stream-watchers.ts). */
  cursorMoved(place: Place, document?: () => TextSnapshot): void {
    this.watchers.cursorMoved(place, document);
  }

  /** The log entry of a request served by its first words now says what the completion ended as. */
  private amendLog(served: Served, generation: Generation, outcome: CompletionOutcome): void {
    const draft: LogDraft = { ...served.draft };
    noteGeneration(draft, generation);
    draft.final = outcome.kind === 'shown' ? outcome.text : '';
    this.log.amend(logEntry(draft, outcome));
  }

  /**
   * Waits out the debounce, then for the input already received (a keystroke queued behind the
   * timer supersedes this request); a newer request, the caller's cancellation or chat ends it early.
   */
  private wait(request: CompletionRequest, ms: number, signal: AbortSignal): Promise<WaitResult> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (result: WaitResult): void => {
        if (done) return;
        done = true;
        this.clock.clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (this.pending === handle) this.pending = undefined;
        resolve(result);
      };
      const onAbort = (): void => finish('cancelled');
      const handle: PendingWait = { request, settle: finish };
      this.pending = handle;
      // Declared last; `finish` only runs once the timer exists (none of these fire synchronously).
      const timer = this.clock.setTimeout(() => {
        this.drainInput().then(
          () => finish('elapsed'),
          () => finish('elapsed'),
        );
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Ollama answered: conditions that blamed it are over. */
  private reachable(model: string): void {
    if (this.daemonTriedAt !== undefined) this.logger.info('Ollama is reachable again; completions resume.');
    this.daemonTriedAt = undefined;
    this.notices.clear('daemon-down');
    this.notices.clear('model-missing');
    if (this.lastError && (this.lastError.kind !== 'model-missing' || this.lastError.model === model)) this.lastError = undefined;
    this.refreshStatus();
  }

  private failed(cause: OllamaErrorCause, model: string): CompletionOutcome {
    switch (cause.kind) {
      case 'aborted':
        return { kind: 'cancelled' };
      case 'not-running':
        this.daemonTriedAt = this.clock.now();
        this.tell({ kind: 'daemon-down', host: cause.host });
        break;
      case 'model-missing':
        // A model deleted while its plan was cached: ask /api/show again next time.
        this.planner.forget(model);
        this.tell({ kind: 'model-missing', model: cause.model });
        break;
      // No notice kind for these: the status bar item and "Why no completion?" say what failed.
      case 'no-insert':
      case 'no-thinking':
      case 'remote-model':
      case 'bad-request':
      case 'forbidden':
      case 'busy':
      case 'server':
      case 'stream':
      case 'malformed':
      case 'timeout':
        break;
      default:
        return assertNever(cause);
    }
    this.logger.warn(`Completion with ${model} failed: ${new OllamaError(cause).message}`);
    this.lastError = cause;
    this.refreshStatus();
    return { kind: 'error', cause };
  }

  private tell(notice: EngineNotice): void {
    if (this.notices.claim(notice)) this.noticeEmitter.fire(notice);
  }

  private tellNoModel(): void {
    if (!this.notices.claim({ kind: 'no-model', fimModels: [] })) return;
    void this.installedFimModels().then((fimModels) => {
      if (!this.disposed && !this.settings.model) this.noticeEmitter.fire({ kind: 'no-model', fimModels });
    });
  }

  private tellNotFim(model: string): void {
    if (this.notFim?.model === model) return;
    this.notFim = { model, fimModels: [] };
    this.refreshStatus();
    const notice: EngineNotice = { kind: 'model-not-fim', model, fimModels: [], recommended: RECOMMENDED_FIM_MODEL };
    const announce = this.notices.claim(notice);
    void this.installedFimModels().then((fimModels) => {
      if (this.disposed || this.notFim?.model !== model) return;
      this.notFim.fimModels = fimModels;
      this.refreshStatus();
      if (announce) this.noticeEmitter.fire({ ...notice, fimModels });
    });
  }

  private async installedFimModels(): Promise<string[]> {
    try {
      return await this.planner.fimModels(this.lookups.signal);
    } catch (e) {
      this.logger.debug(`Could not list FIM-capable models: ${errorMessage(e)}`);
      return [];
    }
  }

  private deriveStatus(): EngineStatus {
    const model = this.settings.model;
    if (this.yielding) return { kind: 'paused-for-chat' };
    if (!model) return { kind: 'no-model' };
    if (this.notFim?.model === model) return { kind: 'model-not-fim', model, fimModels: this.notFim.fimModels };
    if (this.scheduler.inFlight(model)) return { kind: 'generating', model };
    if (this.lastError) return { kind: 'error', cause: this.lastError };
    return { kind: 'idle', model };
  }

  private refreshStatus(): void {
    if (this.disposed) return;
    const next = this.deriveStatus();
    if (JSON.stringify(next) === JSON.stringify(this.currentStatus)) return;
    this.currentStatus = next;
    this.statusEmitter.fire(next);
  }
}

/** What the request log says of the generation a request was served from. */
function noteGeneration(draft: LogDraft, generation: Generation): void {
  draft.raw = generation.raw;
  draft.tokens = generation.tokens;
  if (generation.firstTokenAt !== undefined) draft.ttftMs = Math.round(generation.firstTokenAt - generation.startedAt);
  if (generation.endedAt !== undefined) draft.totalMs = Math.round(generation.endedAt - generation.startedAt);
}

function skip(reason: SkipReason, detail?: string): CompletionOutcome {
  return detail === undefined ? { kind: 'skipped', reason } : { kind: 'skipped', reason, detail };
}

/** Resolves with the promise's value, or 'cancelled' as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'cancelled'> {
  if (signal.aborted) return Promise.resolve('cancelled');
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
