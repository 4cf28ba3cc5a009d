/**
 * The Ollama endpoints model creation needs and `OllamaApi` does not have:
 * blobs (`HEAD`/`POST /api/blobs/sha256:<hex>`), `POST /api/create` with a JSON
 * body and its status stream, and the Modelfile parts of `/api/show`
 * (docs/reference/ollama-api.md section 9). ollama-js refuses a local FROM, so
 * these speak HTTP directly, on the same call scope as the Ollama client
 * (src/core/ollama/call-scope.ts): it frames and bounds the status stream,
 * caps bodies, turns any error body into `{"error": ...}` and runs the timers.
 * Failures become `OllamaError`s.
 */
import { systemClock, type Clock } from '../clock';
import { openScope, type CallScope, type ScopeOptions } from '../ollama/call-scope';
import { OllamaError, toOllamaError } from '../ollama/errors';
import { asObject, num, str, type JsonObject } from '../ollama/json-fields';
import type { ResolvedHost } from '../ollama/types';
import type { CreateRequest } from './create-request';

export interface CreateProgress {
  readonly status: string;
  readonly digest?: string;
  readonly total?: number;
  readonly completed?: number;
}

export interface ShownModelfile {
  readonly modelfile: string;
  readonly template: string;
  readonly system: string;
  readonly parameters: string;
}

export interface ModelfileApi {
  hasBlob(digest: string, signal?: AbortSignal): Promise<boolean>;
  uploadBlob(digest: string, body: AsyncIterable<Uint8Array>, signal?: AbortSignal): Promise<void>;
  create(request: CreateRequest, signal?: AbortSignal): AsyncIterable<CreateProgress>;
  show(model: string, signal?: AbortSignal): Promise<ShownModelfile>;
}

export interface ModelfileApiOptions {
  readonly host: ResolvedHost;
  readonly fetch?: typeof fetch;
  /** Limit for show and HEAD. Default 15 s. */
  readonly timeoutMs?: number;
  /** Longest silence between two status lines of a create. Default 10 minutes (a large GGUF is parsed in silence). */
  readonly idleMs?: number;
  readonly clock?: Clock;
}

/** A string field, '' when missing or not a string. */
const text = (v: unknown): string => str(v) ?? '';

function toStream(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

function toProgress(line: JsonObject): CreateProgress {
  const digest = text(line['digest']);
  const total = num(line['total']);
  const completed = num(line['completed']);
  return { status: text(line['status']), ...(digest ? { digest } : {}), ...(total !== undefined ? { total } : {}), ...(completed !== undefined ? { completed } : {}) };
}

/** How long a call may take: the whole of it, or (a stream) until it starts and then between two chunks. */
type Limits = Pick<ScopeOptions, 'timeoutMs' | 'timeoutCovers' | 'ndjson' | 'idleTimeoutMs'>;

const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });

export function createModelfileApi(options: ModelfileApiOptions): ModelfileApi {
  const { host } = options;
  const baseFetch = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const idleMs = options.idleMs ?? 10 * 60_000;
  const headers = host.authorization ? { Authorization: host.authorization } : undefined;
  const oneShot: Limits = { timeoutMs, timeoutCovers: 'response', ndjson: false };
  // Ollama is silent while it parses a large GGUF, before and between status lines alike: one limit for both.
  const createLimits: Limits = { timeoutMs: idleMs, timeoutCovers: 'headers', ndjson: true, idleTimeoutMs: idleMs };

  const scopeFor = (signal: AbortSignal | undefined, limits: Limits): CallScope =>
    openScope({ fetch: baseFetch, clock, signal, ...limits, ...(headers ? { headers } : {}) });

  function fail(e: unknown, scope: CallScope, signal: AbortSignal | undefined): OllamaError {
    if (e instanceof OllamaError) return e;
    const limitMs = scope.timedOut();
    if (limitMs === undefined && signal?.aborted) return new OllamaError({ kind: 'aborted' });
    return toOllamaError(e, { host: host.url, ...(limitMs !== undefined ? { timeoutMs: limitMs, timedOut: true } : {}) });
  }

  /** The response; one that is not OK throws with the server's message, except for HEAD, whose status is the answer. */
  async function send(scope: CallScope, path: string, init: RequestInit & { duplex?: 'half' }): Promise<Response> {
    const response = await scope.fetch(`${host.url}${path}`, init);
    if (response.ok || init.method === 'HEAD') return response;
    // The scope made any error body `{"error": ...}` and capped its size.
    const body = (await response.text().catch(() => '')).trim();
    let message = '';
    try {
      message = text(asObject(JSON.parse(body))['error']);
    } catch {
      // Cut off at the cap: the status says what there is to say.
    }
    throw toOllamaError({ name: 'ResponseError', status_code: response.status, error: message || body || `HTTP ${response.status}` }, { host: host.url });
  }

  async function call<T>(path: string, init: RequestInit & { duplex?: 'half' }, signal: AbortSignal | undefined, limits: Limits, read: (response: Response) => Promise<T>): Promise<T> {
    const scope = scopeFor(signal, limits);
    try {
      return await read(await send(scope, path, init));
    } catch (e) {
      throw fail(e, scope, signal);
    } finally {
      scope.dispose();
    }
  }

  return {
    hasBlob: (digest, signal) =>
      call(`/api/blobs/${digest}`, { method: 'HEAD' }, signal, oneShot, async (response) => {
        await response.body?.cancel();
        if (response.status === 200) return true;
        if (response.status === 404) return false;
        throw new OllamaError({ kind: 'server', status: response.status, message: `HEAD /api/blobs answered ${response.status}` });
      }),

    uploadBlob: (digest, body, signal) =>
      // No time limit: a model file can take minutes to send. The caller's signal stops it.
      call(`/api/blobs/${digest}`, { method: 'POST', body: toStream(body), duplex: 'half' }, signal, { ...oneShot, timeoutMs: undefined }, async (response) => {
        await response.body?.cancel();
      }),

    show: (model, signal) =>
      call('/api/show', json({ model }), signal, oneShot, async (response) => {
        const o = asObject(JSON.parse(await response.text()));
        return { modelfile: text(o['modelfile']), template: text(o['template']), system: text(o['system']), parameters: text(o['parameters']) };
      }),

    async *create(body, signal) {
      const scope = scopeFor(signal, createLimits);
      try {
        const response = await send(scope, '/api/create', json(body));
        const reader = response.body?.getReader();
        if (!reader) throw new OllamaError({ kind: 'malformed', message: 'the create reply has no body' });
        const decoder = new TextDecoder();
        let success = false;
        // The scope hands over whole lines, each already checked to be JSON.
        function* progressIn(chunk: string): Generator<CreateProgress> {
          for (const line of chunk.split('\n')) {
            if (line.trim() === '') continue;
            const value = asObject(JSON.parse(line));
            const error = text(value['error']);
            if (error) throw new OllamaError({ kind: 'stream', message: error });
            const progress = toProgress(value);
            if (progress.status === 'success') success = true;
            yield progress;
          }
        }
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            yield* progressIn(decoder.decode(value, { stream: true }));
          }
          yield* progressIn(decoder.decode());
        } finally {
          // Closes the request when the consumer stopped early or a line failed: Ollama stops creating.
          await reader.cancel().catch(() => undefined);
        }
        if (!success) throw new OllamaError({ kind: 'malformed', message: 'the create reply ended before "success"' });
      } catch (e) {
        throw fail(e, scope, signal);
      } finally {
        scope.dispose();
      }
    },
  };
}
