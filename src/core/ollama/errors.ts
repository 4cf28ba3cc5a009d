/**
 * One error type for everything that can go wrong talking to Ollama, keyed by a
 * cause the user can act on. The mapping reads what ollama-js and Node's fetch
 * actually throw (docs/reference/ollama-api.md sections 10 and 15): ResponseError (not exported,
 * detected by name), fetch's TypeError with a socket error code as `cause`, plain
 * Errors for in-band `{"error":…}` lines and for a stream that ended early.
 */
import { isLoopbackHost } from './host';
import { field, str as text } from './json-fields';
import type { OllamaErrorCause } from './types';

export type ErrorAction = 'start' | 'pull' | 'logs' | 'choose-model' | 'retry' | 'settings';

export class OllamaError extends Error {
  override readonly name = 'OllamaError';
  override readonly cause: OllamaErrorCause;

  constructor(cause: OllamaErrorCause) {
    super(describeError(cause).message);
    this.cause = cause;
  }
}

export function isOllamaError(e: unknown): e is OllamaError {
  return e instanceof OllamaError;
}

export interface ErrorContext {
  /** Base URL, for "not running at …". */
  readonly host: string;
  /** The model the request was about; preferred over the name in Ollama's message. */
  readonly model?: string;
  readonly timeoutMs?: number;
  /** Our own timeout fired (the rejection itself is just an AbortError). */
  readonly timedOut?: boolean;
}

/** Socket errors that mean nothing is listening (or reachable) at the host. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
  // The server accepted and closed the socket before sending headers.
  'UND_ERR_SOCKET',
]);

const STREAM_ENDED_EARLY = 'Did not receive done or success response in stream.';

/** The socket error code behind a fetch TypeError; AggregateError (happy eyeballs) carries one per address. */
function socketCode(cause: unknown): string | undefined {
  const code = text(field(cause, 'code'));
  if (code) return code;
  const errors = field(cause, 'errors');
  if (Array.isArray(errors)) {
    for (const inner of errors) {
      const innerCode = text(field(inner, 'code'));
      if (innerCode) return innerCode;
    }
  }
  return undefined;
}

/** Server text can be long or multi-line; a notification wants one readable line. */
function oneLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

/** `model 'x' not found`, `model "x" not found, try pulling it first`, `"x" does not support …`, `x does not support …`. */
function modelFromMessage(message: string): string | undefined {
  const quoted = /model ['"]([^'"]+)['"]/.exec(message) ?? /^["']([^"']+)["'] does not support/.exec(message);
  if (quoted) return quoted[1];
  const bare = /^(\S+) does not support/.exec(message);
  return bare?.[1];
}

function fromResponse(status: number, message: string, ctx: ErrorContext): OllamaErrorCause {
  const model = ctx.model ?? modelFromMessage(message) ?? 'the model';
  if (status === 404 && /not found/i.test(message) && !/page not found/i.test(message)) {
    return { kind: 'model-missing', model };
  }
  if (/does not support insert/i.test(message)) return { kind: 'no-insert', model };
  if (/does not support thinking/i.test(message)) return { kind: 'no-thinking', model };
  if (status === 401 || status === 403) return { kind: 'forbidden', host: ctx.host };
  if (status === 503) return { kind: 'busy', message: oneLine(message) };
  if (status >= 500) return { kind: 'server', status, message: oneLine(message) };
  if (status === 404) {
    // Gin's "404 page not found": no such endpoint, so not Ollama or a wrong path prefix.
    return { kind: 'server', status, message: `${oneLine(message)} (is ${ctx.host} an Ollama server?)` };
  }
  return { kind: 'bad-request', message: oneLine(message) };
}

/** Maps anything thrown by ollama-js or fetch to an OllamaError. Never throws. */
export function toOllamaError(e: unknown, ctx: ErrorContext): OllamaError {
  if (e instanceof OllamaError) return e;
  return new OllamaError(toCause(e, ctx));
}

function toCause(e: unknown, ctx: ErrorContext): OllamaErrorCause {
  const name = text(field(e, 'name'));
  const message = text(field(e, 'message')) ?? String(e);
  if (ctx.timedOut || name === 'TimeoutError') return { kind: 'timeout', ms: ctx.timeoutMs ?? 0 };
  if (name === 'AbortError') return { kind: 'aborted' };
  if (name === 'ResponseError') {
    const status = field(e, 'status_code');
    return fromResponse(typeof status === 'number' ? status : 0, text(field(e, 'error')) ?? message, ctx);
  }
  if (e instanceof SyntaxError) return { kind: 'malformed', message: oneLine(message) };
  if (e instanceof TypeError && message === 'fetch failed') {
    const code = socketCode(field(e, 'cause'));
    if (code && UNREACHABLE.has(code)) return { kind: 'not-running', host: ctx.host };
    const why = text(field(field(e, 'cause'), 'message')) ?? code ?? message;
    // TLS and other connection failures: something answers, but not usably.
    return { kind: 'server', status: 0, message: oneLine(why) };
  }
  if (e instanceof TypeError && message === 'terminated') {
    return { kind: 'stream', message: 'the connection closed in the middle of the reply' };
  }
  if (message === STREAM_ENDED_EARLY) {
    return { kind: 'malformed', message: 'the reply ended before it was complete' };
  }
  // ollama-js throws an in-band `{"error": "..."}` line as a plain Error(message).
  return { kind: 'stream', message: oneLine(message) };
}

export interface ErrorDescription {
  /** One sentence naming the cause and, where there is one, the way out. Never a stack. */
  readonly message: string;
  /** Buttons to offer, most useful first. */
  readonly actions: readonly ErrorAction[];
}

function hostIsLoopback(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

export function describeError(cause: OllamaErrorCause): ErrorDescription {
  switch (cause.kind) {
    case 'not-running':
      return hostIsLoopback(cause.host)
        ? { message: `Ollama is not running at ${cause.host}.`, actions: ['start', 'logs'] }
        : {
            message: `Cannot reach Ollama at ${cause.host}. Check that the server is up and the host setting is right.`,
            actions: ['settings', 'retry'],
          };
    case 'model-missing':
      return { message: `Model ${cause.model} is not installed.`, actions: ['pull', 'choose-model'] };
    case 'no-insert':
      return {
        message: `Model ${cause.model} cannot fill in the middle (its template has no suffix), so it cannot complete code inline. Choose a code model with FIM support.`,
        actions: ['choose-model'],
      };
    case 'remote-model':
      return {
        message: `Model ${cause.model} runs on ${cause.host}, not on this machine: completions would send your code there. Unbound uses such a model for completions only when you choose it in your user settings.`,
        actions: ['choose-model', 'settings'],
      };
    case 'no-thinking':
      return {
        message: `Model ${cause.model} does not support thinking. Turn thinking off or choose a reasoning model.`,
        actions: ['settings', 'choose-model'],
      };
    case 'bad-request':
      return { message: `Ollama rejected the request: ${cause.message}`, actions: ['logs', 'settings'] };
    case 'forbidden':
      return {
        message: `Ollama at ${cause.host} refused the request (forbidden). If it sits behind a proxy, check the proxy and OLLAMA_ORIGINS.`,
        actions: ['settings', 'logs'],
      };
    case 'busy':
      return { message: 'Ollama is busy: too many requests are queued. Try again in a moment.', actions: ['retry'] };
    case 'server':
      return cause.status === 0
        ? { message: `Could not connect to Ollama: ${cause.message}`, actions: ['settings', 'logs'] }
        : { message: `Ollama failed (HTTP ${cause.status}): ${cause.message}`, actions: ['logs', 'retry'] };
    case 'stream':
      return { message: `Ollama stopped with an error: ${cause.message}`, actions: ['retry', 'logs'] };
    case 'malformed':
      return { message: `Ollama sent a reply Unbound could not read: ${cause.message}.`, actions: ['retry', 'logs'] };
    case 'timeout':
      return {
        message: `Ollama did not answer within ${formatSeconds(cause.ms)}. It may be loading a model; try again.`,
        actions: ['retry', 'logs'],
      };
    case 'aborted':
      return { message: 'The request was cancelled.', actions: [] };
    default: {
      const unreachable: never = cause;
      return unreachable;
    }
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
