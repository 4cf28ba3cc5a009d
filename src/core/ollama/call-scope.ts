/**
 * The fetch one Ollama call runs on. ollama-js gives non-streamed calls no
 * AbortSignal and streams only their own (docs/reference/ollama-api.md section 15), so every
 * call gets a fetch bound to the caller's signal and to our timeout. It also
 * keeps ollama-js off the console: the library console.logs non-JSON error bodies
 * and console.warns (then skips) lines that are not JSON.
 *
 * Streams are framed here, before the library sees a byte: ollama-js appends each
 * chunk to a string and splits all of it again, so a line that never ends costs
 * quadratic time and unbounded memory. Here each byte is looked at once, a line is
 * capped, and the library only ever receives whole lines.
 */
import type { Clock } from '../clock';

export interface ScopeOptions {
  readonly fetch: typeof fetch;
  readonly clock: Clock;
  readonly signal: AbortSignal | undefined;
  /** No timeout when undefined. */
  readonly timeoutMs: number | undefined;
  /**
   * 'response': the whole call, body included, must finish in time (non-streamed calls).
   * 'headers': only until the response starts (streams run as long as they produce).
   */
  readonly timeoutCovers: 'response' | 'headers';
  /** Streams: fail on the first line that is not JSON instead of skipping it. */
  readonly ndjson: boolean;
  /** Streams: fail when no byte arrived for this long once the response started. None when undefined. */
  readonly idleTimeoutMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The longest NDJSON line accepted. A token's line is some hundred bytes; pull progress less. */
export const MAX_STREAM_LINE_BYTES = 1024 * 1024;
/** The largest non-streamed reply read. /api/show with its template and model_info is tens of KB. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export interface CallScope {
  readonly fetch: typeof fetch;
  /** The limit that fired (ms), once one did; the rejection itself is only an AbortError. */
  timedOut(): number | undefined;
  /** Stops the timer. Call when the call is over, however it ended. */
  dispose(): void;
}

export function openScope(options: ScopeOptions): CallScope {
  const deadline = new AbortController();
  let fired: number | undefined;
  let timer: unknown;
  let closed = false;
  const stopTimer = (): void => {
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
  };
  const arm = (ms: number | undefined): void => {
    stopTimer();
    if (ms === undefined || closed) return;
    timer = options.clock.setTimeout(() => {
      fired = ms;
      timer = undefined;
      deadline.abort(new DOMException('Ollama did not answer in time', 'TimeoutError'));
    }, ms);
  };
  arm(options.timeoutMs);
  const idle = options.idleTimeoutMs;

  const scoped: typeof fetch = async (input, init) => {
    const signals = [deadline.signal];
    if (init?.signal) signals.push(init.signal);
    if (options.signal) signals.push(options.signal);
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const response = await options.fetch(input, { ...init, headers, signal: AbortSignal.any(signals) });
    if (options.timeoutCovers === 'headers') arm(idle);
    if (!response.ok) return withJsonError(response);
    if (options.ndjson && response.body) {
      return new Response(frameNdjson(response.body, () => arm(idle)), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    if (response.body) {
      return new Response(capped(response.body), { status: response.status, statusText: response.statusText, headers: response.headers });
    }
    return response;
  };

  return {
    fetch: scoped,
    timedOut: () => fired,
    dispose: () => {
      closed = true;
      stopTimer();
    },
  };
}

/** ollama-js reads the `error` field of a JSON error body; give it one whatever the server sent, no larger than any other reply. */
async function withJsonError(response: Response): Promise<Response> {
  if (response.headers.get('content-type')?.includes('application/json')) {
    return response.body ? new Response(capped(response.body), { status: response.status, statusText: response.statusText, headers: response.headers }) : response;
  }
  const text = response.body ? new Response(capped(response.body)).text() : response.text();
  const body = (await text.catch(() => '')).trim();
  const error = body || `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new Response(JSON.stringify({ error }), {
    status: response.status,
    statusText: response.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** The bytes unchanged, erroring the body (which cancels the response) past MAX_RESPONSE_BYTES. */
function capped(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  let bytes = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.length;
        if (bytes > MAX_RESPONSE_BYTES) throw new SyntaxError(`the reply is larger than ${MAX_RESPONSE_BYTES / (1024 * 1024)} MiB`);
        controller.enqueue(chunk);
      },
    }),
  );
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Whole lines only, each checked to be JSON, none longer than MAX_STREAM_LINE_BYTES;
 * errors the stream (which cancels the response) at the first bad one.
 * `onBytes` runs for every chunk that arrives (the idle timer).
 */
function frameNdjson(body: ReadableStream<Uint8Array>, onBytes: () => void): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let partial: Uint8Array[] = [];
  let partialBytes = 0;
  let lineNo = 0;
  const tooLong = (): SyntaxError => new SyntaxError(`a line of the reply is longer than ${MAX_STREAM_LINE_BYTES / (1024 * 1024)} MiB`);
  const check = (line: Uint8Array): void => {
    lineNo += 1;
    const text = decoder.decode(line);
    if (text.trim() === '') return;
    try {
      JSON.parse(text);
    } catch {
      // Not JSON.parse's own message: it quotes the line, which may hold the user's code.
      throw new SyntaxError(`line ${lineNo} of the stream is not JSON`);
    }
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        onBytes();
        const lines: Uint8Array[] = [];
        let start = 0;
        for (let nl = chunk.indexOf(10, start); nl >= 0; nl = chunk.indexOf(10, start)) {
          const line = concat([...partial, chunk.subarray(start, nl + 1)]);
          partial = [];
          partialBytes = 0;
          if (line.length - 1 > MAX_STREAM_LINE_BYTES) throw tooLong();
          check(line.subarray(0, line.length - 1));
          lines.push(line);
          start = nl + 1;
        }
        if (start < chunk.length) {
          partial.push(chunk.slice(start));
          partialBytes += chunk.length - start;
          if (partialBytes > MAX_STREAM_LINE_BYTES) throw tooLong();
        }
        if (lines.length > 0) controller.enqueue(concat(lines));
      },
      flush(controller) {
        if (partialBytes === 0) return;
        const line = concat(partial);
        check(line);
        controller.enqueue(line);
      },
    }),
  );
}
