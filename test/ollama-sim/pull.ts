/**
 * POST /api/pull (docs/reference/ollama-api.md section 8): "pulling manifest", per-layer
 * progress for several layers at once, then verify/write/cleanup/success.
 * Downloads are shared per model and resumable: bytes received stay in the
 * state when every client has gone, and the next pull continues from there.
 */
import { layersOf, normalizeName, type Layer, type ResolvedModel } from './catalog';
import { NdjsonWriter, sendError, sendJson, type Exchange } from './http-io';
import type { SimState } from './state';
import type { RecordedBody } from './types';

const TICK_MS = 50;
/** Blobs Ollama downloads at the same time. */
const CONCURRENT_LAYERS = 3;
const MANIFEST_ERROR = 'pull model manifest: file does not exist';

type Listener = (changed: readonly Layer[], complete: boolean) => void;

/** One model's download, advanced while at least one client is listening. */
class Download {
  private readonly listeners = new Set<Listener>();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;

  constructor(private readonly state: SimState, readonly model: ResolvedModel, readonly layers: readonly Layer[], private readonly onComplete: () => void) {}

  done(layer: Layer): number {
    return Math.min(layer.size, this.state.downloaded.get(layer.digest) ?? 0);
  }

  get complete(): boolean {
    return this.layers.every((l) => this.done(l) >= l.size);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.last = performance.now();
      this.timer = setInterval(() => this.tick(), TICK_MS);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.pause();
    };
  }

  pause(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    const now = performance.now();
    let budget = ((now - this.last) / 1000) * this.state.timing.pullBytesPerSecond;
    this.last = now;
    const changed: Layer[] = [];
    // Share the bandwidth between the first few unfinished layers; what a small layer does not need flows on.
    while (budget >= 1) {
      const active = this.layers.filter((l) => this.done(l) < l.size).slice(0, CONCURRENT_LAYERS);
      if (active.length === 0) break;
      const share = budget / active.length;
      for (const layer of active) {
        const have = this.done(layer);
        const take = Math.min(Math.floor(share), layer.size - have);
        this.state.downloaded.set(layer.digest, have + take);
        budget -= take;
        if (!changed.includes(layer)) changed.push(layer);
      }
      if (share < 1) break;
    }
    const complete = this.complete;
    for (const listener of [...this.listeners]) listener(changed, complete);
    if (complete) {
      this.pause();
      this.onComplete();
    }
  }
}

export class Pulls {
  private readonly downloads = new Map<string, Download>();

  constructor(private readonly state: SimState) {}

  stopAll(): void {
    for (const d of this.downloads.values()) d.pause();
    this.downloads.clear();
  }

  /** Forget partial blobs of a model (after delete, "removing unused layers"). */
  forgetLayers(model: ResolvedModel): void {
    for (const layer of layersOf(model)) this.state.downloaded.delete(layer.digest);
  }

  private downloadFor(model: ResolvedModel): Download {
    let d = this.downloads.get(model.name);
    if (!d) {
      const created: Download = new Download(this.state, model, layersOf(model), () => {
        if (this.downloads.get(model.name) === created) this.downloads.delete(model.name);
      });
      d = created;
      this.downloads.set(model.name, d);
    }
    return d;
  }

  async handle(ex: Exchange, body: RecordedBody): Promise<void> {
    const requested = typeof body.model === 'string' && body.model !== '' ? body.model : typeof body.name === 'string' ? body.name : '';
    if (requested.trim() === '') {
      sendError(ex, 400, 'invalid model name');
      return;
    }
    const stream = body.stream !== false;
    const name = normalizeName(requested);
    const catalogued = this.state.pullable.get(name);
    const installed = this.state.installed.get(name);
    const model = catalogued ?? undefined;
    const writer = new NdjsonWriter(ex);
    const line = (l: unknown): boolean => (stream ? writer.line(l) : !ex.signal.aborted);

    if (!line({ status: 'pulling manifest' })) return;
    if (!model) {
      if (stream) writer.errorLine(MANIFEST_ERROR);
      else sendError(ex, 500, MANIFEST_ERROR);
      return;
    }
    const download = this.downloadFor(model);
    if (installed) for (const l of download.layers) this.state.downloaded.set(l.digest, l.size);

    const progress = (layer: Layer): unknown => {
      const completed = download.done(layer);
      // Go's omitempty: `completed` is absent while it is 0.
      return { status: `pulling ${layer.digest.slice(7, 19)}`, digest: layer.digest, total: layer.size, ...(completed > 0 ? { completed } : {}) };
    };
    for (const layer of download.layers) if (!line(progress(layer))) return;

    if (!download.complete) {
      const finished = await new Promise<boolean>((resolve) => {
        const stop = download.subscribe((changed, complete) => {
          for (const layer of changed) {
            if (!line(progress(layer))) {
              stop();
              resolve(false);
              return;
            }
          }
          if (complete) {
            stop();
            resolve(true);
          }
        });
        ex.signal.addEventListener('abort', () => {
          stop();
          resolve(false);
        }, { once: true });
      });
      if (!finished) return;
    }

    for (const status of ['verifying sha256 digest', 'writing manifest', 'removing unused layers']) {
      if (!line({ status })) return;
    }
    this.state.addModel({ ...toSimModel(model), modifiedAt: new Date().toISOString() });
    if (stream) {
      if (writer.line({ status: 'success' })) writer.end();
    } else {
      sendJson(ex, 200, { status: 'success' });
    }
  }
}

function toSimModel(m: ResolvedModel) {
  return {
    name: m.name, family: m.family, parameterSize: m.parameterSize, quantization: m.quantization, sizeBytes: m.sizeBytes,
    vramBytes: m.vramBytes, capabilities: m.capabilities, template: m.template, contextLength: m.contextLength,
    architecture: m.architecture, system: m.system, parameters: m.parameters, digest: m.digest,
  };
}
