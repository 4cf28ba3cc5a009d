/**
 * HTTP plumbing shared by the simulator's handlers: bodies, JSON replies with
 * Ollama's error shape, and an NDJSON writer that counts chunks and applies
 * the chunk faults (drop, malformed line, error line, huge line, endless line, silence).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RecordedRequest, SimFault } from './types';

export type ChunkFault = Extract<SimFault, { kind: 'drop' | 'malformed' | 'error-line' | 'huge-line' | 'endless-line' | 'silent' }>;

/** What `endless-line` sends at most when the client never leaves. */
const ENDLESS_DEFAULT_BYTES = 64 * 1024 * 1024;
const ENDLESS_PIECE = 'x'.repeat(64 * 1024);

/** One request in flight: what a handler needs to answer it. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: RecordedRequest;
  /** Aborted when the client goes away (or the simulator stops). */
  readonly signal: AbortSignal;
  /** The chunk fault for this request, if any (global or scripted). */
  chunkFault?: ChunkFault;
  /** The simulator cut the connection itself (a fault), so the close is not a client abort. */
  dropped?: boolean;
}

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(ex: Exchange, status: number, body: unknown): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  const text = JSON.stringify(body);
  ex.record.status = status;
  ex.res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  ex.res.end(text);
  ex.record.chunksSent++;
}

/** Ollama's error reply: `{"error":"..."}` with the real status code. */
export function sendError(ex: Exchange, status: number, message: string): void {
  sendJson(ex, status, { error: message });
}

/** 200 with an empty body (delete, copy). */
export function sendEmpty(ex: Exchange, status = 200): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.record.status = status;
  ex.res.writeHead(status, { 'Content-Length': 0 });
  ex.res.end();
}

export function sendText(ex: Exchange, status: number, text: string, headOnly = false): void {
  if (ex.res.headersSent || ex.res.destroyed) return;
  ex.record.status = status;
  ex.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  ex.res.end(headOnly ? undefined : text);
}

/**
 * Writes NDJSON lines. `line()` returns false once the stream is over (client
 * gone, or a fault ended it): the caller stops producing at once.
 */
export class NdjsonWriter {
  private finished = false;

  constructor(private readonly ex: Exchange) {}

  get open(): boolean {
    return !this.finished && !this.ex.signal.aborted && !this.ex.res.destroyed;
  }

  line(body: unknown): boolean {
    if (!this.open) return false;
    const fault = this.ex.chunkFault;
    if (fault && this.ex.record.chunksSent >= fault.afterChunks && !this.applyFault(fault)) return false;
    this.head();
    this.ex.res.write(`${JSON.stringify(body)}\n`);
    this.ex.record.chunksSent++;
    return true;
  }

  /** An in-band error after a 200, as Ollama writes it mid-stream. */
  errorLine(message: string): void {
    if (!this.open) return;
    this.head();
    this.ex.res.write(`${JSON.stringify({ error: message })}\n`);
    this.ex.record.chunksSent++;
    this.end();
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.ex.res.destroyed) return;
    this.head();
    this.ex.res.end();
  }

  private cutAfterFlush(): void {
    const { res } = this.ex;
    const socket = res.socket;
    if (!socket) {
      res.destroy();
      return;
    }
    socket.end(() => {
      socket.destroy();
      res.destroy();
    });
  }

  private head(): void {
    if (this.ex.res.headersSent) return;
    this.ex.record.status = 200;
    this.ex.res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  }

  /** Returns true when the stream goes on after the fault. */
  private applyFault(fault: ChunkFault): boolean {
    switch (fault.kind) {
      case 'huge-line':
        // Once per request: the line is sent, then the stream continues as scripted.
        this.ex.chunkFault = undefined;
        this.head();
        this.ex.res.write(`${JSON.stringify(hugeLineBody(this.ex.record.path, fault.chars))}\n`);
        this.ex.record.chunksSent++;
        return true;
      case 'endless-line':
        this.finished = true;
        this.head();
        pumpEndlessLine(this.ex, fault.maxBytes ?? ENDLESS_DEFAULT_BYTES);
        return false;
      case 'silent':
        this.finished = true;
        holdSilent(this.ex);
        return false;
      case 'drop':
        this.finished = true;
        this.ex.dropped = true;
        this.head();
        this.ex.res.flushHeaders();
        // Cut the connection without finishing the chunked body, after what was written reached the client:
        // a destroy() right away can discard lines still in the socket's buffer (on a busy machine even the
        // headers), which is not a cut mid-stream but a connection refused.
        this.cutAfterFlush();
        return false;
      case 'malformed':
        this.head();
        this.ex.res.write('{"model":"sim","created_at":"2025-01-01T00:00:00Z","response":"oops\n');
        this.ex.record.chunksSent++;
        this.end();
        return false;
      case 'error-line':
        this.errorLine(fault.message);
        return false;
      default: {
        const never: never = fault;
        throw new Error(`unhandled fault ${String(never)}`);
      }
    }
  }
}

/** A generate or chat line whose text is `chars` characters long (pull and create get it as `status`). */
export function hugeLineBody(path: string, chars: number): Record<string, unknown> {
  const text = 'x'.repeat(chars);
  const common = { model: 'sim', created_at: '2025-01-01T00:00:00Z', done: false };
  if (path === '/api/chat') return { ...common, message: { role: 'assistant', content: text } };
  if (path === '/api/generate') return { ...common, response: text };
  return { status: text };
}

/** Headers out, then nothing: the response stays open until the client (or the simulator) closes it. */
export function holdSilent(ex: Exchange): void {
  if (!ex.res.headersSent) {
    ex.record.status = 200;
    ex.res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  }
  ex.res.flushHeaders();
}

/** The start of a line, then bytes without a newline, paced by the socket, until the client leaves or `maxBytes` went out. */
export function pumpEndlessLine(ex: Exchange, maxBytes: number): void {
  holdSilent(ex);
  ex.res.write('{"model":"sim","response":"');
  ex.record.chunksSent++;
  let sent = 0;
  const pump = (): void => {
    while (!ex.signal.aborted && !ex.res.destroyed && sent < maxBytes) {
      sent += ENDLESS_PIECE.length;
      if (!ex.res.write(ENDLESS_PIECE)) {
        ex.res.once('drain', pump);
        return;
      }
    }
    if (!ex.signal.aborted && !ex.res.destroyed) ex.res.end();
  };
  setImmediate(pump);
}

/** Resolves after `ms`, or early when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
