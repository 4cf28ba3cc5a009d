/**
 * Everything the simulator remembers between requests: installed and pullable
 * models, scripts, the active fault, timing, loaded models (/api/ps), the
 * per-model generation slots and partial downloads.
 */
import { DEFAULT_INSTALLED, DEFAULT_PULLABLE, normalizeName, resolveModel, type ResolvedModel } from './catalog';
import type { KeepAlive } from './keep-alive';
import { GenerationSlot } from './slot';
import type { SimFault, SimModel, SimScript, SimStartOptions, SimTiming } from './types';
import { atLeast } from './version';

export interface Timing {
  ttftMs: number;
  tokensPerSecond: number;
  pullBytesPerSecond: number;
  loadMs: number;
  version: string;
  maxQueue: number;
}

export const DEFAULT_TIMING: Timing = {
  ttftMs: 30,
  tokensPerSecond: 100,
  pullBytesPerSecond: 3_000_000_000,
  loadMs: 0,
  version: '0.33.0',
  maxQueue: 512,
};

export interface LoadedModel {
  readonly model: ResolvedModel;
  numCtx: number;
  /** Date.now() ms, or undefined for "forever" (negative keep_alive). */
  expiresAt: number | undefined;
  /** Requests currently using it; a model is not unloaded while in use. */
  active: number;
}

interface ScriptSlot {
  readonly script: SimScript;
  remaining: number;
}

export class SimState {
  timing: Timing;
  readonly installed = new Map<string, ResolvedModel>();
  readonly pullable = new Map<string, ResolvedModel>();
  private scripts: ScriptSlot[] = [];
  fault: SimFault | undefined;
  readonly loaded = new Map<string, LoadedModel>();
  reloads = 0;
  private readonly slots = new Map<string, GenerationSlot>();
  /** Highest request id of a generate/chat per model: later tokens of older requests are stale. */
  readonly latestRequest = new Map<string, number>();
  /** Bytes already downloaded per layer digest; kept across cancelled pulls (resume). */
  readonly downloaded = new Map<string, number>();
  /** Uploaded blobs (POST /api/blobs): `sha256:<hex>` -> bytes. */
  readonly blobs = new Map<string, number>();
  /** Streams waiting at a script's `holdAfterTokens` until released. */
  private held: (() => void)[] = [];

  constructor(private readonly start: SimStartOptions) {
    this.timing = { ...DEFAULT_TIMING };
    this.reset();
  }

  /** Resolves when releaseHeld() is called or the request goes away. */
  hold(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.held.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Lets every held stream go on; returns how many were held. */
  releaseHeld(): number {
    const held = this.held;
    this.held = [];
    for (const release of held) release();
    return held.length;
  }

  get heldCount(): number {
    return this.held.length;
  }

  reset(): void {
    this.releaseHeld();
    this.timing = { ...DEFAULT_TIMING, ...definedOnly(this.start) };
    this.installed.clear();
    this.pullable.clear();
    for (const m of DEFAULT_PULLABLE) this.addPullable(m);
    for (const m of this.start.pullable ?? []) this.addPullable(m);
    const installed = this.start.models ?? DEFAULT_INSTALLED.map((name) => this.pullable.get(name) ?? { name });
    for (const m of installed) this.addModel(m);
    this.scripts = [];
    this.fault = undefined;
    this.loaded.clear();
    this.reloads = 0;
    this.latestRequest.clear();
    this.downloaded.clear();
    this.blobs.clear();
  }

  configure(t: SimTiming): void {
    this.timing = { ...this.timing, ...definedOnly(t) };
  }

  addModel(m: SimModel): ResolvedModel {
    const resolved = resolveModel(m);
    this.installed.set(resolved.name, resolved);
    return resolved;
  }

  addPullable(m: SimModel): void {
    const resolved = resolveModel(m);
    this.pullable.set(resolved.name, resolved);
  }

  removeModel(name: string): boolean {
    const key = normalizeName(name);
    this.loaded.delete(key);
    return this.installed.delete(key);
  }

  findInstalled(name: string): ResolvedModel | undefined {
    return this.installed.get(normalizeName(name));
  }

  addScript(script: SimScript): void {
    this.scripts.push({ script, remaining: script.times ?? Number.POSITIVE_INFINITY });
  }

  /** The newest script matching the request; consumes one use. */
  takeScript(path: '/api/generate' | '/api/chat', model: string, prompt: string, suffix: string): SimScript | undefined {
    for (let i = this.scripts.length - 1; i >= 0; i--) {
      const slot = this.scripts[i];
      if (!slot) continue;
      const m = slot.script.match;
      if (m?.path && m.path !== path) continue;
      if (m?.model && normalizeName(m.model) !== normalizeName(model)) continue;
      if (m?.promptIncludes !== undefined && !prompt.includes(m.promptIncludes)) continue;
      if (m?.suffixIncludes !== undefined && !suffix.includes(m.suffixIncludes)) continue;
      slot.remaining--;
      if (slot.remaining <= 0) this.scripts.splice(i, 1);
      return slot.script;
    }
    return undefined;
  }

  slotFor(model: string): GenerationSlot {
    let slot = this.slots.get(model);
    if (!slot) {
      slot = new GenerationSlot();
      this.slots.set(model, slot);
    }
    return slot;
  }

  /** Drops models whose keep-alive ran out. */
  expireLoaded(now = Date.now()): void {
    for (const [name, l] of this.loaded) {
      if (l.active === 0 && l.expiresAt !== undefined && l.expiresAt <= now) this.loaded.delete(name);
    }
  }

  setExpiry(l: LoadedModel, keepAlive: KeepAlive): void {
    l.expiresAt = keepAlive.kind === 'forever' ? undefined : Date.now() + keepAlive.ms;
  }

  /** The context a request loads the model with: options.num_ctx, else the Modelfile's, else the server default. */
  numCtxFor(model: ResolvedModel, options: Readonly<Record<string, unknown>> | undefined): number {
    const requested = options?.['num_ctx'];
    const fromModelfile = model.parameters['num_ctx'];
    const fallback = atLeast(this.timing.version, '0.6.7') ? 4096 : 2048;
    const value = typeof requested === 'number' ? requested : typeof fromModelfile === 'number' ? fromModelfile : fallback;
    return Math.min(value, model.contextLength);
  }

  atLeast(min: string): boolean {
    return atLeast(this.timing.version, min);
  }
}

function definedOnly(t: SimTiming): Partial<Timing> {
  const out: Partial<Timing> = {};
  if (t.ttftMs !== undefined) out.ttftMs = t.ttftMs;
  if (t.tokensPerSecond !== undefined) out.tokensPerSecond = t.tokensPerSecond;
  if (t.pullBytesPerSecond !== undefined) out.pullBytesPerSecond = t.pullBytesPerSecond;
  if (t.loadMs !== undefined) out.loadMs = t.loadMs;
  if (t.version !== undefined) out.version = t.version;
  if (t.maxQueue !== undefined) out.maxQueue = t.maxQueue;
  return out;
}
