/** Small HTTP helpers for the simulator's own tests: JSON calls and NDJSON line reading. */

export interface JsonReply {
  readonly status: number;
  readonly contentType: string | null;
  readonly text: string;
  readonly json: unknown;
}

export async function call(url: string, method: string, body?: unknown, signal?: AbortSignal): Promise<JsonReply> {
  const init: RequestInit = { method, ...(signal ? { signal } : {}) };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(url, init);
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type'), text, json };
}

export function post(url: string, body?: unknown, signal?: AbortSignal): Promise<JsonReply> {
  return call(url, 'POST', body, signal);
}

/** Parsed NDJSON lines with the time each arrived (performance.now()). */
export interface Line {
  readonly at: number;
  readonly value: Record<string, unknown>;
}

/**
 * POSTs and reads the NDJSON stream line by line. `onLine` may return false to
 * stop reading (the caller then aborts). Resolves when the stream ends.
 */
export async function stream(url: string, body: unknown, opts: { signal?: AbortSignal; onLine?: (l: Line) => boolean | void } = {}): Promise<{ status: number; contentType: string | null; lines: Line[]; raw: string }> {
  const res = await fetch(url, { method: 'POST', body: JSON.stringify(body), ...(opts.signal ? { signal: opts.signal } : {}) });
  const lines: Line[] = [];
  let raw = '';
  let buffer = '';
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  if (!reader) return { status: res.status, contentType: res.headers.get('content-type'), lines, raw };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    buffer += text;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      const lineText = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
      if (lineText.trim() === '') continue;
      const line = { at: performance.now(), value: JSON.parse(lineText) as Record<string, unknown> };
      lines.push(line);
      if (opts.onLine?.(line) === false) {
        await reader.cancel();
        return { status: res.status, contentType: res.headers.get('content-type'), lines, raw };
      }
    }
  }
  return { status: res.status, contentType: res.headers.get('content-type'), lines, raw };
}
