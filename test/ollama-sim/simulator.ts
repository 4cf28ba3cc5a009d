/**
 * An Ollama API simulator for tests: a real node:http server on 127.0.0.1 that
 * answers like Ollama does (docs/reference/ollama-api.md), is
 * scriptable per test (replies, pacing, faults) and records every request.
 *
 *   const sim = await OllamaSimulator.start({ ttftMs: 20 });
 *   sim.script({ match: { model: 'qwen2.5-coder:1.5b-base' }, response: ['a', 'b'] });
 *   ... talk to sim.url ...
 *   await sim.stop();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { layersOf, normalizeName } from './catalog';
import { handleControl } from './control';
import { handleChat, handleGenerate } from './generation';
import { applyHeaderFault } from './header-fault';
import { hostAllowed, originAllowed } from './access';
import { readBody, sendEmpty, sendError, sendJson, sendText, type Exchange } from './http-io';
import { handleCopy, handleCreate, handleDelete, handlePs, handleShow, handleTags } from './model-routes';
import { handleBlob } from './blobs';
import { Pulls } from './pull';
import { SimState } from './state';
import type { RecordedBody, RecordedRequest, SimFault, SimModel, SimScript, SimStartOptions, SimTiming } from './types';

export type * from './types';

/** Routes and the methods each allows; anything else is 404 or 405 like gin answers. */
const ROUTES: Readonly<Record<string, readonly string[]>> = {
  '/': ['GET', 'HEAD'],
  '/api/version': ['GET', 'HEAD'],
  '/api/tags': ['GET', 'HEAD'],
  '/api/ps': ['GET'],
  '/api/show': ['POST'],
  '/api/generate': ['POST'],
  '/api/chat': ['POST'],
  '/api/pull': ['POST'],
  '/api/delete': ['DELETE'],
  '/api/copy': ['POST'],
  '/api/create': ['POST'],
};

const STREAMING = new Set(['/api/generate', '/api/chat', '/api/pull']);
/** The Go request struct per endpoint, for JSON type errors worded like encoding/json's. */
const GO_STRUCT: Readonly<Record<string, string>> = {
  '/api/show': 'ShowRequest', '/api/generate': 'GenerateRequest', '/api/chat': 'ChatRequest', '/api/pull': 'PullRequest',
  '/api/delete': 'DeleteRequest', '/api/copy': 'CopyRequest', '/api/create': 'CreateRequest',
};
const STRING_FIELDS = ['model', 'name', 'prompt', 'suffix', 'system', 'template', 'source', 'destination', 'from'];

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}
const WITH_BODY = new Set(['/api/show', '/api/generate', '/api/chat', '/api/pull', '/api/delete', '/api/copy', '/api/create']);

export class OllamaSimulator {
  /** Every request to the Ollama API (not the /__sim/ controls), in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly state: SimState;
  private readonly pulls: Pulls;
  private server: Server | undefined;
  private readonly inFlight = new Set<Exchange>();
  private readonly doneListeners = new Set<(r: RecordedRequest) => void>();
  private readonly origins: readonly string[];
  private nextId = 1;
  private refuseTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private faultUses = 0;

  private constructor(options: SimStartOptions, private boundPort: number, private readonly host: string) {
    this.origins = options.origins ?? [];
    this.state = new SimState(options);
    this.pulls = new Pulls(this.state);
  }

  static async start(options: SimStartOptions = {}): Promise<OllamaSimulator> {
    const sim = new OllamaSimulator(options, options.port ?? 0, options.host ?? '127.0.0.1');
    await sim.listen();
    return sim;
  }

  get port(): number {
    return this.boundPort;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this.boundPort}`;
  }

  /** How often a loaded model was reloaded because a request asked for another num_ctx. */
  get reloads(): number {
    return this.state.reloads;
  }

  /** Models in /api/ps right now, with the context they were loaded with. */
  get loaded(): { name: string; numCtx: number; expiresAt: number | undefined }[] {
    this.state.expireLoaded();
    return [...this.state.loaded.values()].map((l) => ({ name: l.model.name, numCtx: l.numCtx, expiresAt: l.expiresAt }));
  }

  get version(): string {
    return this.state.timing.version;
  }

  script(script: SimScript): void {
    this.state.addScript(script);
  }

  /** Lets streams held at a script's `holdAfterTokens` go on; returns how many were held. */
  releaseHeld(): number {
    return this.state.releaseHeld();
  }

  /** Streams now waiting at a script's `holdAfterTokens`. */
  get heldCount(): number {
    return this.state.heldCount;
  }

  /**
   * Sets (or with undefined clears) the fault. `refuse` closes the listening
   * socket and cuts open connections until cleared (or for `forMs`). As with a
   * killed server, a client's pooled keep-alive connection notices the close on
   * its next event-loop turn: a request sent in the same tick fails with a
   * socket error instead of ECONNREFUSED.
   */
  setFault(fault: SimFault | undefined): void {
    const wasRefusing = this.state.fault?.kind === 'refuse';
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.refuseTimer = undefined;
    this.state.fault = fault;
    this.faultUses = 0;
    if (fault?.kind === 'refuse') {
      if (!wasRefusing) this.closeListener();
      if (fault.forMs !== undefined) this.refuseTimer = setTimeout(() => this.setFault(undefined), fault.forMs);
    } else if (wasRefusing && !this.stopped) {
      void this.listen();
    }
  }

  configure(timing: SimTiming): void {
    this.state.configure(timing);
  }

  addModel(model: SimModel): void {
    this.state.addModel(model);
  }

  removeModel(name: string): boolean {
    return this.state.removeModel(name);
  }

  /** Makes a model available to /api/pull. */
  addPullable(model: SimModel): void {
    this.state.addPullable(model);
  }

  /** Whether a model is installed (in /api/tags). */
  has(name: string): boolean {
    return this.state.installed.has(normalizeName(name));
  }

  /** Bytes of a model already downloaded by (possibly cancelled) pulls. */
  downloadedBytes(name: string): number {
    const m = this.state.pullable.get(normalizeName(name));
    if (!m) return 0;
    return layersOf(m).reduce((sum, l) => sum + Math.min(l.size, this.state.downloaded.get(l.digest) ?? 0), 0);
  }

  /** Resolves with the first recorded request matching `pred` (waiting for it to arrive). */
  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    const deadline = performance.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.requests.find(pred);
        if (found) return resolve(found);
        if (performance.now() >= deadline) {
          const seen = this.requests.map((r) => `${r.method} ${r.path}${r.aborted ? ' (aborted)' : ''}`).join(', ') || 'none';
          return reject(new Error(`OllamaSimulator.waitFor: no matching request within ${timeoutMs} ms; requests seen: ${seen}`));
        }
        setTimeout(check, 5);
      };
      check();
    });
  }

  /** Back to the start state: models, catalog, timing; scripts, fault, requests, loaded models and partial pulls cleared. */
  reset(): void {
    if (this.state.fault?.kind === 'refuse') this.setFault(undefined);
    this.cutInFlight();
    this.pulls.stopAll();
    this.state.reset();
    this.requests.length = 0;
  }

  snapshot(): { reloads: number; loaded: OllamaSimulator['loaded']; installed: string[]; version: string; fault: SimFault | undefined; held: number } {
    return { reloads: this.reloads, loaded: this.loaded, installed: [...this.state.installed.keys()], version: this.version, fault: this.state.fault, held: this.heldCount };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.refuseTimer) clearTimeout(this.refuseTimer);
    this.cutInFlight();
    this.pulls.stopAll();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Calls `listener` whenever a recorded request ends (finished, aborted or cut). Returns the unsubscribe. */
  onRequestDone(listener: (r: RecordedRequest) => void): () => void {
    this.doneListeners.add(listener);
    return () => this.doneListeners.delete(listener);
  }

  /** Ends every response in flight (reset/stop), so no client is left hanging on a stream nobody writes. */
  private cutInFlight(): void {
    for (const ex of [...this.inFlight]) {
      ex.dropped = true;
      ex.res.destroy();
    }
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 5000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', reject);
        this.boundPort = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  /** A fault with `times` clears itself once it has hit that many requests. */
  private countFaultUse(fault: Exclude<SimFault, { kind: 'refuse' }>): void {
    if (fault.times === undefined) return;
    this.faultUses++;
    if (this.faultUses >= fault.times) this.setFault(undefined);
  }

  private servesLoopback(): boolean {
    return this.host === 'localhost' || this.host === '::1' || this.host.startsWith('127.');
  }

  private closeListener(): void {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.close();
    server.closeAllConnections();
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://sim').pathname;
    if (path.startsWith('/__sim/')) {
      await handleControl(this, req, res, path);
      return;
    }
    const controller = new AbortController();
    const record: RecordedRequest = {
      id: this.nextId++, method: req.method ?? 'GET', path, body: {}, headers: { ...req.headers },
      startedAt: performance.now(), aborted: false, status: 0, chunksSent: 0,
      tokensGenerated: 0, staleTokens: 0,
    };
    this.requests.push(record);
    const ex: Exchange = { req, res, record, signal: controller.signal };
    this.inFlight.add(ex);
    res.on('close', () => {
      this.inFlight.delete(ex);
      record.endedAt = performance.now();
      if (!res.writableFinished && !ex.dropped) {
        record.aborted = true;
        record.abortedAt = record.endedAt;
      }
      controller.abort();
      for (const listener of this.doneListeners) listener(record);
    });
    try {
      await this.route(ex, path);
    } catch (e) {
      sendError(ex, 500, `simulator bug: ${(e as Error).stack ?? String(e)}`);
    }
  }

  private async route(ex: Exchange, path: string): Promise<void> {
    const method = ex.req.method ?? 'GET';
    if (this.servesLoopback() && !hostAllowed(ex.req.headers.host)) {
      await readBody(ex.req);
      return sendEmpty(ex, 403);
    }
    const origin = ex.req.headers.origin;
    if (origin !== undefined) {
      if (!originAllowed(origin, this.origins, this.state.timing.version)) {
        await readBody(ex.req);
        return sendEmpty(ex, 403);
      }
      ex.res.setHeader('Access-Control-Allow-Origin', origin);
      ex.res.setHeader('Vary', 'Origin');
      if (method === 'OPTIONS') {
        ex.res.setHeader('Access-Control-Allow-Methods', 'GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS');
        ex.res.setHeader('Access-Control-Allow-Headers', 'Authorization,Content-Type,User-Agent,Accept,X-Requested-With');
        return sendEmpty(ex, 204);
      }
    }
    if (path.startsWith('/api/blobs/')) {
      if (method !== 'HEAD' && method !== 'POST') {
        await readBody(ex.req);
        return sendText(ex, 405, '405 method not allowed');
      }
      return handleBlob(this.state, ex, decodeURIComponent(path.slice('/api/blobs/'.length)));
    }
    const allowed = ROUTES[path];
    if (!allowed) {
      await readBody(ex.req);
      return sendText(ex, 404, '404 page not found');
    }
    if (!allowed.includes(method)) {
      await readBody(ex.req);
      return sendText(ex, 405, '405 method not allowed');
    }
    let body: RecordedBody = {};
    let missingBody = false;
    if (WITH_BODY.has(path)) {
      const text = await readBody(ex.req);
      if (text.trim() === '') missingBody = true;
      else {
        try {
          const parsed: unknown = JSON.parse(text);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
            return sendError(ex, 400, `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type api.Request`);
          }
          body = parsed as RecordedBody;
          ex.record.body = body;
          const wrong = STRING_FIELDS.find((f) => f in body && body[f] !== null && typeof body[f] !== 'string');
          if (wrong) {
            return sendError(ex, 400, `json: cannot unmarshal ${goTypeName(body[wrong])} into Go struct field ${GO_STRUCT[path] ?? 'Request'}.${wrong} of type string`);
          }
        } catch {
          return sendError(ex, 400, `invalid character '${text.trim()[0] ?? ''}' looking for beginning of value`);
        }
      }
    }

    const fault = this.state.fault;
    if (fault && fault.kind !== 'refuse' && (fault.path === undefined ? fault.kind === 'status' || fault.kind === 'slow-headers' || STREAMING.has(path) : fault.path === path)) {
      this.countFaultUse(fault);
      if (await applyHeaderFault(ex, fault)) return;
    }

    if (missingBody) return sendError(ex, 400, 'missing request body');
    const headOnly = method === 'HEAD';
    switch (path) {
      case '/':
        return sendText(ex, 200, 'Ollama is running', headOnly);
      case '/api/version':
        return sendJson(ex, 200, { version: this.state.timing.version });
      case '/api/tags':
        return handleTags(this.state, ex);
      case '/api/ps':
        return handlePs(this.state, ex);
      case '/api/show':
        return handleShow(this.state, ex, body);
      case '/api/generate':
        return handleGenerate(this.state, ex, body);
      case '/api/chat':
        return handleChat(this.state, ex, body);
      case '/api/pull':
        return this.pulls.handle(ex, body);
      case '/api/delete':
        return handleDelete(this.state, this.pulls, ex, body);
      case '/api/copy':
        return handleCopy(this.state, ex, body);
      case '/api/create':
        return handleCreate(this.state, ex, body);
      default:
        return sendText(ex, 404, '404 page not found');
    }
  }
}
