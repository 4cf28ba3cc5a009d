/**
 * What is installed and loaded in Ollama, and the pull/delete operations that
 * change it. The tree view, the quick picks and the walkthrough all read this one
 * state, and `onDidChange` tells them when to redraw.
 */
import { Emitter, type Disposable, type Event } from '../events';
import type { Logger } from '../log';
import { ModelInfoCache } from '../ollama/capabilities';
import { describeError, toOllamaError, type OllamaError } from '../ollama/errors';
import type { InstalledModel, LoadedModel, ModelInfo, OllamaApi } from '../ollama/types';
import { PullProgress, formatPullProgress, type PullSnapshot } from './pull-progress';
import { formatBytes } from './units';

export interface InstalledEntry {
  readonly model: InstalledModel;
  /** /api/show, for capabilities and context; absent when show failed (then `infoError` says why). */
  readonly info?: ModelInfo;
  readonly infoError?: string;
}

export type ModelsState =
  /** Not asked yet: nothing runs on activation. */
  | { readonly kind: 'idle' }
  | { readonly kind: 'ready'; readonly installed: readonly InstalledEntry[]; readonly loaded: readonly LoadedModel[] }
  /** Ollama did not answer; the view shows its welcome (Start Ollama) instead of errors. */
  | { readonly kind: 'unavailable'; readonly error: OllamaError };

export type PullResult =
  | { readonly kind: 'success'; readonly model: string; readonly totalBytes: number }
  | {
      readonly kind: 'cancelled';
      readonly model: string;
      readonly completedBytes: number;
      readonly totalBytes: number;
      /** Says that the partial download stays and a new pull resumes it. */
      readonly message: string;
    }
  | { readonly kind: 'failed'; readonly model: string; readonly error: OllamaError; readonly message: string };

export type PullListener = (snapshot: PullSnapshot, text: string) => void;

export interface ModelServiceDeps {
  /** The client for the current host (it changes with the host setting). */
  readonly api: () => OllamaApi;
  readonly log: Logger;
  /** Milliseconds, for the pull rate; injected so tests can use a fake clock. */
  readonly now?: () => number;
}

export class ModelService implements Disposable {
  private readonly changed = new Emitter<ModelsState>();
  private current: ModelsState = { kind: 'idle' };
  /**
   * /api/show answers for the current host (a new host gets a new cache). Shared
   * requests: the details document closing does not abort a refresh waiting on
   * the same answer.
   */
  private shows: { readonly api: OllamaApi; readonly cache: ModelInfoCache } | undefined;
  private refreshing: AbortController | undefined;
  private disposed = false;

  readonly onDidChange: Event<ModelsState> = this.changed.event;

  constructor(private readonly deps: ModelServiceDeps) {}

  get state(): ModelsState {
    return this.current;
  }

  /** Installed models (local only) with capabilities, and what is loaded. A newer refresh aborts an older one. */
  async refresh(signal?: AbortSignal): Promise<ModelsState> {
    this.refreshing?.abort();
    const controller = new AbortController();
    this.refreshing = controller;
    const onAbort = (): void => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const api = this.deps.api();
    try {
      const [models, loaded] = await Promise.all([api.list(controller.signal), api.ps(controller.signal)]);
      // Cloud models run elsewhere: Unbound keeps code on this machine, so they are not offered.
      const local = models.filter((m) => !m.remote);
      if (local.length < models.length) this.deps.log.debug(`models: hiding ${models.length - local.length} cloud model(s)`);
      const installed = await Promise.all(local.map((model) => this.withInfo(api, model, controller.signal)));
      installed.sort((a, b) => a.model.name.localeCompare(b.model.name));
      return this.set({ kind: 'ready', installed, loaded });
    } catch (e) {
      const error = toOllamaError(e, { host: api.host.url });
      // Superseded or cancelled: the newer refresh reports; keep the last state.
      if (error.cause.kind === 'aborted' || controller.signal.aborted) return this.current;
      this.deps.log.debug(`models: refresh failed: ${error.message}`);
      return this.set({ kind: 'unavailable', error });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.refreshing === controller) this.refreshing = undefined;
    }
  }

  /**
   * The daemon manager already knows Ollama is down: show the welcome view
   * without another request (and without an error per refresh).
   */
  markUnavailable(error: OllamaError): void {
    this.refreshing?.abort();
    if (this.current.kind === 'unavailable' && this.current.error.cause.kind === error.cause.kind) return;
    this.set({ kind: 'unavailable', error });
  }

  /** /api/show for one model, asked once until the model is pulled again or deleted. */
  info(name: string, signal?: AbortSignal): Promise<ModelInfo> {
    const api = this.deps.api();
    return this.infoCache(api)
      .show(name, signal)
      .catch((e: unknown) => Promise.reject(toOllamaError(e, { host: api.host.url, model: name })));
  }

  /**
   * Pulls a model, reporting aggregated progress. Never rejects: the result says
   * whether it finished, was cancelled (Ollama keeps the partial download and a
   * later pull resumes it) or failed, with a message fit for a notification.
   */
  async pull(name: string, signal: AbortSignal, onProgress?: PullListener): Promise<PullResult> {
    const model = name.trim();
    const api = this.deps.api();
    const progress = new PullProgress({ now: this.deps.now ?? (() => performance.now()) });
    this.deps.log.info(`models: pulling ${model}`);
    try {
      let sawSuccess = false;
      for await (const line of api.pull(model, signal)) {
        const snapshot = progress.push(line);
        if (snapshot.phase === 'success') sawSuccess = true;
        onProgress?.(snapshot, formatPullProgress(snapshot));
      }
      if (!sawSuccess && signal.aborted) return this.cancelled(model, progress.snapshot());
      const totalBytes = progress.snapshot().totalBytes;
      this.deps.log.info(`models: pulled ${model} (${formatBytes(totalBytes)})`);
      // Pulling an installed tag again may bring another template or capabilities.
      this.infoCache(api).invalidate(model);
      await this.refreshQuietly();
      return { kind: 'success', model, totalBytes };
    } catch (e) {
      const error = toOllamaError(e, { host: api.host.url });
      if (signal.aborted || error.cause.kind === 'aborted') return this.cancelled(model, progress.snapshot());
      const message = pullFailureMessage(model, error);
      this.deps.log.warn(`models: pull ${model} failed: ${error.message}`);
      return { kind: 'failed', model, error, message };
    }
  }

  /** Deletes a model; rejects with an OllamaError (e.g. model-missing) the caller can describe. */
  async delete(name: string, signal?: AbortSignal): Promise<void> {
    const api = this.deps.api();
    try {
      await api.delete(name, signal);
    } catch (e) {
      throw toOllamaError(e, { host: api.host.url, model: name });
    }
    this.deps.log.info(`models: deleted ${name}`);
    this.infoCache(api).invalidate(name);
    await this.refreshQuietly();
  }

  dispose(): void {
    this.disposed = true;
    this.refreshing?.abort();
    this.changed.dispose();
  }

  private async withInfo(api: OllamaApi, model: InstalledModel, signal: AbortSignal): Promise<InstalledEntry> {
    try {
      const cache = this.infoCache(api);
      cache.noteDigest(model.name, model.digest);
      return { model, info: await cache.show(model.name, signal) };
    } catch (e) {
      const error = toOllamaError(e, { host: api.host.url, model: model.name });
      // One broken model must not hide the others; an abort or a dead server fails the whole refresh.
      if (error.cause.kind === 'aborted' || error.cause.kind === 'not-running') throw error;
      return { model, infoError: error.message };
    }
  }

  private infoCache(api: OllamaApi): ModelInfoCache {
    if (this.shows?.api !== api) this.shows = { api, cache: new ModelInfoCache(api) };
    return this.shows.cache;
  }

  private cancelled(model: string, snapshot: PullSnapshot): PullResult {
    const at = snapshot.totalBytes > 0 ? ` at ${formatBytes(snapshot.completedBytes)} of ${formatBytes(snapshot.totalBytes)}` : '';
    const message = `Pull of ${model} cancelled${at}. Ollama keeps what was downloaded; pulling ${model} again resumes from there.`;
    this.deps.log.info(`models: ${message}`);
    return { kind: 'cancelled', model, completedBytes: snapshot.completedBytes, totalBytes: snapshot.totalBytes, message };
  }

  private async refreshQuietly(): Promise<void> {
    if (!this.disposed) await this.refresh();
  }

  private set(state: ModelsState): ModelsState {
    this.current = state;
    if (!this.disposed) this.changed.fire(state);
    return state;
  }
}

/** "pull model manifest: file does not exist" means the name or tag is wrong: say so, not just relay it. */
export function pullFailureMessage(model: string, error: OllamaError): string {
  const text = error.cause.kind === 'stream' || error.cause.kind === 'server' ? error.cause.message : describeError(error.cause).message;
  if (/file does not exist|manifest unknown/i.test(text)) {
    return `Could not pull ${model}: Ollama says "${text}". Check the name and tag on ollama.com/library (e.g. qwen2.5-coder:1.5b-base).`;
  }
  return `Could not pull ${model}: ${text}`;
}
