/**
 * `OllamaApi` over the official `ollama` package. What the package does not do,
 * this adds (docs/reference/ollama-api.md sections 11 and 15):
 * - every call is abortable, and non-streamed calls time out (see call-scope.ts);
 * - each stream gets its own `Ollama` instance, because the library's shared list
 *   of ongoing streams only shrinks when a stream ends normally;
 * - a stream the consumer stops early (break, return, abort) calls
 *   `iterator.abort()`, because leaving `for await` does not close the request
 *   and Ollama keeps generating until the connection closes;
 * - every failure becomes an `OllamaError`;
 * - responses are read defensively and returned in camelCase.
 */
import {
  Ollama,
  type AbortableAsyncIterator,
  type ChatRequest as LibChatRequest,
  type GenerateRequest as LibGenerateRequest,
  type Options as LibOptions,
} from 'ollama';
import { systemClock, type Clock } from '../clock';
import type { Logger } from '../log';
import { openScope, type CallScope } from './call-scope';
import { OllamaError, toOllamaError } from './errors';
import { asObject, field, num, str } from './json-fields';
import { toModelDetails, toModelInfo } from './model-info';
import type {
  ChatChunk,
  ChatRequest,
  GenerateChunk,
  GenerateRequest,
  InstalledModel,
  LoadedModel,
  OllamaApi,
  PullProgressLine,
  ResolvedHost,
} from './types';

export interface OllamaClientOptions {
  readonly host: ResolvedHost;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Limit for non-streamed calls (version, list, ps, show, delete). Default 15 s. */
  readonly timeoutMs?: number;
  /**
   * Limit until a stream's response starts. None by default: Ollama sends headers
   * only once the model is loaded, which can take minutes for a large model.
   */
  readonly streamStartTimeoutMs?: number;
  /**
   * Limit between two chunks of a stream once it started (a server that sends
   * headers and then nothing). Generous: the first token can follow a long prompt.
   */
  readonly streamIdleTimeoutMs?: number;
  readonly logger: Logger;
  readonly clock?: Clock;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 120_000;
export { MAX_STREAM_LINE_BYTES } from './call-scope';

/**
 * Go's duration parser rejects a bare number in a string ("3600"), so a
 * number-like string from a setting is sent as seconds.
 */
function keepAlive(value: string | number): string | number {
  return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
}

function toInstalledModel(raw: unknown): InstalledModel {
  const m = asObject(raw);
  return {
    name: str(m['name']) ?? str(m['model']) ?? '',
    sizeBytes: num(m['size']) ?? 0,
    modifiedAt: str(m['modified_at']) ?? '',
    digest: str(m['digest']) ?? '',
    details: toModelDetails(m['details']),
    // Cloud models run on ollama.com: listed by the server, but not local.
    remote: Boolean(str(m['remote_host']) || str(m['remote_model'])),
  };
}

function toLoadedModel(raw: unknown): LoadedModel {
  const m = asObject(raw);
  const contextLength = num(m['context_length']);
  return {
    name: str(m['name']) ?? str(m['model']) ?? '',
    sizeBytes: num(m['size']) ?? 0,
    vramBytes: num(m['size_vram']) ?? 0,
    expiresAt: str(m['expires_at']) ?? '',
    ...(contextLength !== undefined ? { contextLength } : {}),
  };
}

function toGenerateChunk(raw: unknown): GenerateChunk {
  const p = asObject(raw);
  const thinking = str(p['thinking']);
  const doneReason = str(p['done_reason']);
  const evalCount = num(p['eval_count']);
  const promptEvalCount = num(p['prompt_eval_count']);
  return {
    response: str(p['response']) ?? '',
    ...(thinking ? { thinking } : {}),
    done: p['done'] === true,
    ...(doneReason ? { doneReason } : {}),
    ...(evalCount !== undefined ? { evalCount } : {}),
    ...(promptEvalCount !== undefined ? { promptEvalCount } : {}),
  };
}

function toChatChunk(raw: unknown): ChatChunk {
  const p = asObject(raw);
  const message = asObject(p['message']);
  const thinking = str(message['thinking']);
  const doneReason = str(p['done_reason']);
  const evalCount = num(p['eval_count']);
  const counters = {
    promptEvalCount: num(p['prompt_eval_count']),
    evalDurationNs: num(p['eval_duration']),
    promptEvalDurationNs: num(p['prompt_eval_duration']),
    loadDurationNs: num(p['load_duration']),
  };
  return {
    content: str(message['content']) ?? '',
    ...(thinking ? { thinking } : {}),
    done: p['done'] === true,
    ...(doneReason ? { doneReason } : {}),
    ...(evalCount !== undefined ? { evalCount } : {}),
    ...Object.fromEntries(Object.entries(counters).filter(([, v]) => v !== undefined && v >= 0)),
  };
}

function toPullLine(raw: unknown): PullProgressLine {
  const p = asObject(raw);
  const digest = str(p['digest']);
  const total = num(p['total']);
  const completed = num(p['completed']);
  return {
    status: str(p['status']) ?? '',
    ...(digest ? { digest } : {}),
    ...(total !== undefined ? { total } : {}),
    ...(completed !== undefined ? { completed } : {}),
  };
}

export function createOllamaClient(options: OllamaClientOptions): OllamaApi {
  const { host, logger } = options;
  const baseFetch = options.fetch ?? fetch;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const headers = host.authorization ? { Authorization: host.authorization } : undefined;

  const library = (scope: CallScope): Ollama => new Ollama({ host: host.url, fetch: scope.fetch });

  function fail(e: unknown, what: string, scope: CallScope, signal: AbortSignal | undefined, model?: string): OllamaError {
    const limitMs = scope.timedOut();
    const error =
      signal?.aborted && limitMs === undefined && !(e instanceof OllamaError)
        ? new OllamaError({ kind: 'aborted' })
        : toOllamaError(e, {
            host: host.url,
            ...(model !== undefined ? { model } : {}),
            ...(limitMs !== undefined ? { timeoutMs: limitMs } : {}),
            timedOut: limitMs !== undefined,
          });
    if (error.cause.kind !== 'aborted') logger.debug(`ollama ${what} failed: ${error.cause.kind}: ${error.message}`);
    return error;
  }

  async function call<T>(what: string, signal: AbortSignal | undefined, model: string | undefined, run: (lib: Ollama) => Promise<T>): Promise<T> {
    const scope = openScope({
      fetch: baseFetch,
      clock,
      signal,
      timeoutMs,
      timeoutCovers: 'response',
      ndjson: false,
      ...(headers ? { headers } : {}),
    });
    try {
      return await run(library(scope));
    } catch (e) {
      throw fail(e, what, scope, signal, model);
    } finally {
      scope.dispose();
    }
  }

  async function* stream<T>(
    what: 'generate' | 'chat' | 'pull',
    signal: AbortSignal | undefined,
    model: string,
    start: (lib: Ollama) => Promise<AbortableAsyncIterator<object>>,
    map: (raw: unknown) => T,
  ): AsyncGenerator<T, void, undefined> {
    // A pull is silent while Ollama verifies the digest of what it downloaded (minutes for
    // a large model on a slow disk); the user watches it and can cancel it.
    const idleTimeoutMs = what === 'pull' ? undefined : (options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS);
    const scope = openScope({
      fetch: baseFetch,
      clock,
      signal,
      timeoutMs: options.streamStartTimeoutMs,
      timeoutCovers: 'headers',
      ndjson: true,
      ...(idleTimeoutMs !== undefined ? { idleTimeoutMs } : {}),
      ...(headers ? { headers } : {}),
    });
    let iterator: AbortableAsyncIterator<object> | undefined;
    let finished = false;
    const onAbort = (): void => iterator?.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // One instance per stream: see the file comment.
      iterator = await start(library(scope));
      for await (const part of iterator) {
        yield map(part);
      }
      finished = true;
    } catch (e) {
      finished = true;
      // A stream that failed on our side (a line too long) must not keep the connection open.
      iterator?.abort();
      throw fail(e, what, scope, signal, model);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      // Reached with `finished` false only when the consumer stopped early:
      // close the request so Ollama stops generating.
      if (!finished) iterator?.abort();
      scope.dispose();
    }
  }

  return {
    host,

    version: (signal) =>
      call('version', signal, undefined, async (lib) => {
        const v = str(field(await lib.version(), 'version'));
        if (v === undefined) throw new SyntaxError('/api/version has no version');
        return v;
      }),

    list: (signal) =>
      call('list', signal, undefined, async (lib) => {
        const models = field(await lib.list(), 'models');
        return Array.isArray(models) ? models.map(toInstalledModel) : [];
      }),

    ps: (signal) =>
      call('ps', signal, undefined, async (lib) => {
        const models = field(await lib.ps(), 'models');
        return Array.isArray(models) ? models.map(toLoadedModel) : [];
      }),

    show: (model, signal) => call('show', signal, model, async (lib) => toModelInfo(model, await lib.show({ model }))),

    delete: (model, signal) =>
      call('delete', signal, model, async (lib) => {
        await lib.delete({ model });
      }),

    generate(request: GenerateRequest, signal?: AbortSignal) {
      const body: LibGenerateRequest & { stream: true } = { model: request.model, prompt: request.prompt, stream: true };
      if (request.suffix !== undefined) body.suffix = request.suffix;
      if (request.raw !== undefined) body.raw = request.raw;
      if (request.system !== undefined) body.system = request.system;
      // Only when given: omitting it lets v0.12.4+ pick the model's default.
      if (request.think !== undefined) body.think = request.think;
      if (request.keepAlive !== undefined) body.keep_alive = keepAlive(request.keepAlive);
      if (request.options !== undefined) body.options = request.options as Partial<LibOptions>;
      return stream('generate', signal, request.model, (lib) => lib.generate(body), toGenerateChunk);
    },

    chat(request: ChatRequest, signal?: AbortSignal) {
      const body: LibChatRequest & { stream: true } = {
        model: request.model,
        messages: request.messages.map((m) => ({
          role: m.role,
          content: m.content,
          ...(m.thinking !== undefined ? { thinking: m.thinking } : {}),
        })),
        stream: true,
      };
      if (request.think !== undefined) body.think = request.think;
      if (request.keepAlive !== undefined) body.keep_alive = keepAlive(request.keepAlive);
      if (request.options !== undefined) body.options = request.options as Partial<LibOptions>;
      return stream('chat', signal, request.model, (lib) => lib.chat(body), toChatChunk);
    },

    pull: (model, signal) => stream('pull', signal, model, (lib) => lib.pull({ model, stream: true }), toPullLine),
  };
}
