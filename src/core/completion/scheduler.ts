/**
 * Owns the generations: at most one in flight per model, so stale requests never
 * pile up in Ollama's queue. Requests subscribe to a generation; when the last
 * subscriber has left and nobody picked it up again within a short grace period,
 * the generation is aborted (VS Code cancels the previous inline-completion
 * request on every keystroke, and the next request often wants the same one).
 */
import type { Clock } from '../clock';
import type { Disposable } from '../events';
import { type AbortReason, Generation, type GenerationSpec } from './generation';

/** How long a generation nobody subscribes to survives, waiting for the next keystroke's request. */
export const UNWANTED_GRACE_MS = 300;

export interface Subscription extends Disposable {
  readonly generation: Generation;
}

interface Entry<M> {
  readonly generation: Generation;
  readonly meta: M;
  subscribers: number;
  graceTimer: unknown;
}

/** `M` is what the engine keeps with each generation (context for post-processing, cache key). */
export class Scheduler<M> implements Disposable {
  private readonly byModel = new Map<string, Entry<M>>();
  private nextId = 1;
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly clock: Clock) {}

  /** The generation in flight for `model`, if any. */
  inFlight(model: string): { readonly generation: Generation; readonly meta: M } | undefined {
    const entry = this.byModel.get(model);
    return entry && entry.generation.running ? entry : undefined;
  }

  /** True while any generation runs. */
  get busy(): boolean {
    for (const entry of this.byModel.values()) if (entry.generation.running) return true;
    return false;
  }

  /** Called when a generation starts or ends (for the engine's status). */
  onDidChange(listener: () => void): Disposable {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /**
   * Starts a generation for the spec's model, aborting the one in flight for that
   * model first, and subscribes the caller to it.
   */
  start(spec: GenerationSpec, meta: M): Subscription {
    const model = spec.request.model;
    this.abortModel(model, 'superseded');
    const generation = new Generation(this.nextId++, spec, this.clock);
    const entry: Entry<M> = { generation, meta, subscribers: 0, graceTimer: undefined };
    this.byModel.set(model, entry);
    void generation.finished.then(() => this.ended(model, entry));
    this.emitChange();
    return this.subscribe(generation);
  }

  /** Keeps `generation` alive for the caller until the subscription is disposed. */
  subscribe(generation: Generation): Subscription {
    const entry = this.byModel.get(generation.model);
    if (!entry || entry.generation !== generation) {
      return { generation, dispose: () => {} };
    }
    entry.subscribers++;
    if (entry.graceTimer !== undefined) {
      this.clock.clearTimeout(entry.graceTimer);
      entry.graceTimer = undefined;
    }
    let disposed = false;
    return {
      generation,
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.release(entry);
      },
    };
  }

  /** Aborts the generation in flight for `model` now (synchronously closes its HTTP request). */
  abortModel(model: string, reason: AbortReason): void {
    const entry = this.byModel.get(model);
    if (entry?.generation.running) entry.generation.abort(reason);
  }

  abortAll(reason: AbortReason): void {
    for (const entry of [...this.byModel.values()]) {
      if (entry.generation.running) entry.generation.abort(reason);
    }
  }

  dispose(): void {
    this.abortAll('disposed');
    for (const entry of this.byModel.values()) this.clearGrace(entry);
    this.byModel.clear();
    this.changeListeners.clear();
  }

  private release(entry: Entry<M>): void {
    entry.subscribers = Math.max(0, entry.subscribers - 1);
    if (entry.subscribers > 0 || !entry.generation.running) return;
    this.clearGrace(entry);
    entry.graceTimer = this.clock.setTimeout(() => {
      entry.graceTimer = undefined;
      if (entry.subscribers === 0) entry.generation.abort('unwanted');
    }, UNWANTED_GRACE_MS);
  }

  private ended(model: string, entry: Entry<M>): void {
    this.clearGrace(entry);
    // The finished generation stays registered until replaced: inFlight() ignores it.
    if (this.byModel.get(model) === entry) this.emitChange();
  }

  private clearGrace(entry: Entry<M>): void {
    if (entry.graceTimer !== undefined) {
      this.clock.clearTimeout(entry.graceTimer);
      entry.graceTimer = undefined;
    }
  }

  private emitChange(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}
