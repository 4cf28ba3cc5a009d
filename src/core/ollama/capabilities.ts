/**
 * What a connection knows about its server and models, asked once: /api/version
 * once per connection, /api/show once per model (until invalidated, e.g. after a
 * pull, delete or create). Callers asking at the same time share one request;
 * one caller aborting does not fail the others, and the request itself is only
 * aborted when every caller has given up. Failures are not cached, so a model
 * pulled after a "not installed" answer is seen on the next ask.
 *
 * Who holds one: ModelService (extension host; it invalidates after its own pull
 * and delete, and notes /api/tags digests for pulls made elsewhere) and the
 * completion ModelPlanner (language server process). Two processes cannot share
 * one cache; the server forgets a model when Ollama answers "not found".
 */
import { OllamaError } from './errors';
import type { Capability, ModelInfo, OllamaApi } from './types';

/** `llama3` and `llama3:latest` are one model to Ollama, so they are one cache entry. */
export function modelKey(name: string): string {
  const trimmed = name.trim();
  // Only the last path segment carries the tag: `host:5000/ns/model` has no tag.
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

/** One request shared by everyone who asks while it runs, and its result kept. */
class SharedRequest<T> {
  private readonly controller = new AbortController();
  private waiters = 0;
  /** Someone waits without a signal: the request must run to the end. */
  private pinned = false;
  private settled = false;
  readonly result: Promise<T>;

  constructor(run: (signal: AbortSignal) => Promise<T>, onFailure: () => void) {
    this.result = run(this.controller.signal).then(
      (value) => {
        this.settled = true;
        return value;
      },
      (error: unknown) => {
        this.settled = true;
        onFailure();
        throw error;
      },
    );
    // Nobody may be waiting when it fails (everyone aborted): not an unhandled rejection.
    this.result.catch(() => undefined);
  }

  /** The shared result, or an `aborted` error as soon as this caller's signal aborts. */
  wait(signal: AbortSignal | undefined, onAllGone: () => void): Promise<T> {
    if (this.settled) return this.result;
    if (!signal) {
      this.pinned = true;
      return this.result;
    }
    if (signal.aborted) return Promise.reject(new OllamaError({ kind: 'aborted' }));
    this.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiters -= 1;
        reject(new OllamaError({ kind: 'aborted' }));
        if (this.waiters === 0 && !this.pinned && !this.settled) {
          onAllGone();
          this.controller.abort();
        }
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.result.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

export class ModelInfoCache {
  private readonly shows = new Map<string, SharedRequest<ModelInfo>>();
  /** The digest /api/tags last gave for each model, where a caller told us. */
  private readonly digests = new Map<string, string>();
  private versionRequest: SharedRequest<string> | undefined;

  constructor(private readonly api: Pick<OllamaApi, 'show' | 'version'>) {}

  show(model: string, signal?: AbortSignal): Promise<ModelInfo> {
    const key = modelKey(model);
    let entry = this.shows.get(key);
    if (!entry) {
      const created: SharedRequest<ModelInfo> = new SharedRequest(
        (s) => this.api.show(model, s),
        () => this.forget(key, created),
      );
      entry = created;
      this.shows.set(key, entry);
    }
    const current = entry;
    return current.wait(signal, () => this.forget(key, current));
  }

  async capabilities(model: string, signal?: AbortSignal): Promise<ReadonlySet<Capability>> {
    return (await this.show(model, signal)).capabilities;
  }

  async supports(model: string, capability: Capability, signal?: AbortSignal): Promise<boolean> {
    return (await this.capabilities(model, signal)).has(capability);
  }

  /** The server's version, asked once per connection (a new host means a new cache). */
  version(signal?: AbortSignal): Promise<string> {
    if (!this.versionRequest) {
      const created: SharedRequest<string> = new SharedRequest(
        (s) => this.api.version(s),
        () => {
          if (this.versionRequest === created) this.versionRequest = undefined;
        },
      );
      this.versionRequest = created;
    }
    const current = this.versionRequest;
    return current.wait(signal, () => {
      if (this.versionRequest === current) this.versionRequest = undefined;
    });
  }

  /**
   * /api/tags names the blob a model points at now. A new digest means the tag was
   * pulled again (perhaps with `ollama pull` in a terminal): what was asked about
   * the old blob is dropped.
   */
  noteDigest(model: string, digest: string): void {
    const key = modelKey(model);
    const known = this.digests.get(key);
    if (known !== undefined && known !== digest) this.shows.delete(key);
    this.digests.set(key, digest);
  }

  /** After pull, delete, create or copy of this model. */
  invalidate(model: string): void {
    const key = modelKey(model);
    this.shows.delete(key);
    this.digests.delete(key);
  }

  /** After the server restarted (it may be another version, with other models). */
  clear(): void {
    this.shows.clear();
    this.digests.clear();
    this.versionRequest = undefined;
  }

  private forget(key: string, entry: SharedRequest<ModelInfo>): void {
    if (this.shows.get(key) === entry) this.shows.delete(key);
  }
}
