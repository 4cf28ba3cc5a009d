/**
 * The fetch one Ollama call runs on. ollama-js gives non-streamed calls no
 * AbortSignal and streams only their own (docs/reference/ollama-api.md section 15), so every
 * call gets a fetch bound to the caller's signal and to our timeout. It also
 * keeps ollama-js off the console: the library console.logs non-JSON error bodies
 * and console.warns (then skips) lines that are not JSON.
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
  readonly headers?: Readonly<Record<string, string>>;
}

export interface CallScope {
  readonly fetch: typeof fetch;
  /** True once our timeout fired; the rejection itself is only an AbortError. */
  timedOut(): boolean;
  /** Stops the timer. Call when the call is over, however it ended. */
  dispose(): void;
}

export function openScope(options: ScopeOptions): CallScope {
  const deadline = new AbortController();
  let fired = false;
  let timer: unknown;
  const stopTimer = (): void => {
    if (timer !== undefined) options.clock.clearTimeout(timer);
    timer = undefined;
  };
  if (options.timeoutMs !== undefined) {
    timer = options.clock.setTimeout(() => {
      fired = true;
      timer = undefined;
      deadline.abort(new DOMException('Ollama did not answer in time', 'TimeoutError'));
    }, options.timeoutMs);
  }

  const scoped: typeof fetch = async (input, init) => {
    const signals = [deadline.signal];
    if (init?.signal) signals.push(init.signal);
    if (options.signal) signals.push(options.signal);
    const headers = new Headers(init?.headers);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const response = await options.fetch(input, { ...init, headers, signal: AbortSignal.any(signals) });
    if (options.timeoutCovers === 'headers') stopTimer();
    if (!response.ok) return withJsonError(response);
    if (options.ndjson && response.body) {
      return new Response(checkNdjson(response.body), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    return response;
  };

  return { fetch: scoped, timedOut: () => fired, dispose: stopTimer };
}

/** ollama-js reads the `error` field of a JSON error body; give it one whatever the server sent. */
async function withJsonError(response: Response): Promise<Response> {
  if (response.headers.get('content-type')?.includes('application/json')) return response;
  const body = (await response.text().catch(() => '')).trim();
  const error = body || `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new Response(JSON.stringify({ error }), {
    status: response.status,
    statusText: response.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

/** Passes the bytes through unchanged, erroring the stream at the first line that is not JSON. */
function checkNdjson(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const decoder = new TextDecoder();
  let pending = '';
  let lineNo = 0;
  const check = (line: string): void => {
    lineNo += 1;
    if (line.trim() === '') return;
    try {
      JSON.parse(line);
    } catch {
      // Not JSON.parse's own message: it quotes the line, which may hold the user's code.
      throw new SyntaxError(`line ${lineNo} of the stream is not JSON`);
    }
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        pending += decoder.decode(chunk, { stream: true });
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        lines.forEach(check);
        controller.enqueue(chunk);
      },
      flush() {
        pending += decoder.decode();
        check(pending);
      },
    }),
  );
}
