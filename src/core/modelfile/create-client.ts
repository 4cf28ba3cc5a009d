/**
 * The Ollama endpoints model creation needs and `OllamaApi` does not have:
 * blobs (`HEAD`/`POST /api/blobs/sha256:<hex>`), `POST /api/create` with a JSON
 * body and its status stream, and the Modelfile parts of `/api/show`
 * (docs/reference/ollama-api.md section 9). ollama-js refuses a local FROM, so
 * these speak HTTP directly. Every reply is untrusted: lines and bodies are
 * bounded, a silent stream times out, failures become `OllamaError`s.
 */
import { OllamaError, toOllamaError } from '../ollama/errors';
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
}

/** A status line longer than this is not Ollama's. */
export const MAX_LINE_CHARS = 1 << 20;
/** /api/show carries the license and the model info; more than this is not a model. */
export const MAX_SHOW_CHARS = 16 << 20;

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function asObject(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

async function readBounded(response: Response, max: number): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (text.length > max) {
      await reader.cancel();
      throw new SyntaxError(`the reply is longer than ${max} characters`);
    }
  }
  return text + decoder.decode();
}

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

function toProgress(line: Record<string, unknown>): CreateProgress {
  const digest = str(line['digest']);
  const total = num(line['total']);
  const completed = num(line['completed']);
  return { status: str(line['status']), ...(digest ? { digest } : {}), ...(total !== undefined ? { total } : {}), ...(completed !== undefined ? { completed } : {}) };
}

export function createModelfileApi(options: ModelfileApiOptions): ModelfileApi {
  const { host } = options;
  const baseFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const idleMs = options.idleMs ?? 10 * 60_000;
  const ctx = { host: host.url };

  async function request(path: string, init: RequestInit & { duplex?: 'half' }, signal: AbortSignal | undefined, limitMs: number | undefined): Promise<Response> {
    const signals = [...(signal ? [signal] : []), ...(limitMs !== undefined ? [AbortSignal.timeout(limitMs)] : [])];
    const headers = new Headers(init.headers);
    if (host.authorization) headers.set('Authorization', host.authorization);
    let response: Response;
    try {
      response = await baseFetch(`${host.url}${path}`, { ...init, headers, ...(signals.length ? { signal: AbortSignal.any(signals) } : {}) });
    } catch (e) {
      throw toOllamaError(e, { ...ctx, ...(limitMs !== undefined ? { timeoutMs: limitMs } : {}) });
    }
    if (response.ok || init.method === 'HEAD') return response;
    const body = await readBounded(response, 64 * 1024).catch(() => '');
    let message = body.trim() || `HTTP ${response.status}`;
    try {
      message = str(asObject(JSON.parse(body))['error']) || message;
    } catch {
      // Not JSON: the text is the message.
    }
    throw toOllamaError({ name: 'ResponseError', status_code: response.status, error: message }, ctx);
  }

  return {
    async hasBlob(digest, signal) {
      const response = await request(`/api/blobs/${digest}`, { method: 'HEAD' }, signal, timeoutMs);
      if (response.status === 200) return true;
      if (response.status === 404) return false;
      throw new OllamaError({ kind: 'server', status: response.status, message: `HEAD /api/blobs answered ${response.status}` });
    },

    async uploadBlob(digest, body, signal) {
      const stream = toStream(body);
      // No time limit: a model file can take minutes to send. The caller's signal stops it.
      const response = await request(`/api/blobs/${digest}`, { method: 'POST', body: stream, duplex: 'half' }, signal, undefined);
      await response.body?.cancel();
    },

    async show(model, signal) {
      const response = await request('/api/show', { method: 'POST', body: JSON.stringify({ model }), headers: { 'Content-Type': 'application/json' } }, signal, timeoutMs);
      let parsed: unknown;
      try {
        parsed = JSON.parse(await readBounded(response, MAX_SHOW_CHARS));
      } catch (e) {
        throw toOllamaError(e instanceof SyntaxError ? e : new SyntaxError(String(e)), ctx);
      }
      const o = asObject(parsed);
      return { modelfile: str(o['modelfile']), template: str(o['template']), system: str(o['system']), parameters: str(o['parameters']) };
    },

    async *create(body, signal) {
      const idle = new AbortController();
      const abort = AbortSignal.any([...(signal ? [signal] : []), idle.signal]);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => idle.abort(), idleMs);
      };
      arm();
      try {
        const response = await request('/api/create', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }, abort, undefined);
        const reader = response.body?.getReader();
        if (!reader) throw new OllamaError({ kind: 'malformed', message: 'the create reply has no body' });
        const decoder = new TextDecoder();
        let pending = '';
        let success = false;
        const parse = (line: string): CreateProgress | undefined => {
          if (line.trim() === '') return undefined;
          let value: Record<string, unknown>;
          try {
            value = asObject(JSON.parse(line));
          } catch {
            throw new OllamaError({ kind: 'malformed', message: 'a line of the create reply is not JSON' });
          }
          const error = str(value['error']);
          if (error) throw new OllamaError({ kind: 'stream', message: error });
          const progress = toProgress(value);
          if (progress.status === 'success') success = true;
          return progress;
        };
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          arm();
          pending += decoder.decode(value, { stream: true });
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          if (pending.length > MAX_LINE_CHARS) {
            await reader.cancel();
            throw new OllamaError({ kind: 'malformed', message: `a line of the create reply is longer than ${MAX_LINE_CHARS} characters` });
          }
          for (const line of lines) {
            const progress = parse(line);
            if (progress) yield progress;
          }
        }
        const last = parse(pending + decoder.decode());
        if (last) yield last;
        if (!success) throw new OllamaError({ kind: 'malformed', message: 'the create reply ended before "success"' });
      } catch (e) {
        if (idle.signal.aborted && !signal?.aborted) throw new OllamaError({ kind: 'timeout', ms: idleMs });
        throw e instanceof OllamaError ? e : toOllamaError(e, ctx);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
