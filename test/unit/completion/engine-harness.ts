/**
 * Shared set-up for the engine and scheduler tests: a fake clock for the
 * debounce and grace timers, documents with a cursor, and the real Ollama
 * simulator behind the real client.
 */
import type { Clock } from '../../../src/core/clock';
import type { CompletionRequest, TextSnapshot } from '../../../src/core/completion/api';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { silentLogger } from '../../../src/core/log';
import { defaultCompletionSettings, type CompletionSettings } from '../../../src/core/settings';
import type { OllamaSimulator } from '../../ollama-sim/simulator';
import type { RecordedRequest } from '../../ollama-sim/types';

export class FakeClock implements Clock {
  private time = 1000;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time forward, running due timers in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers) if (entry[1].at <= target && (!next || entry[1].at < next[1].at)) next = entry;
      if (!next) break;
      this.timers.delete(next[0]);
      this.time = next[1].at;
      next[1].fn();
    }
    this.time = target;
  }
}

export function snapshot(text: string): TextSnapshot {
  return { length: text.length, slice: (start, end) => text.slice(start, end) };
}

/** `text` with `|` marking the cursor. */
export function requestAt(marked: string, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  const offset = marked.indexOf('|');
  if (offset < 0) throw new Error('requestAt: mark the cursor with |');
  return requestBetween(marked.slice(0, offset), marked.slice(offset + 1), extra);
}

/** The cursor between `prefix` and `suffix`. */
export function requestBetween(prefix: string, suffix: string, extra: Partial<CompletionRequest> = {}): CompletionRequest {
  return {
    uri: 'file:///work/app.py',
    path: 'app.py',
    languageId: 'python',
    document: snapshot(prefix + suffix),
    offset: prefix.length,
    version: 1,
    trigger: 'automatic',
    ...extra,
  };
}

export function settings(overrides: Partial<CompletionSettings> = {}): CompletionSettings {
  return {
    ...defaultCompletionSettings,
    model: 'qwen2.5-coder:1.5b-base',
    debounceMs: 0,
    adaptiveDebounce: false,
    multiline: 'never',
    ...overrides,
  };
}

export function apiFor(url: string): OllamaApi {
  return createOllamaClient({ host: resolveHost(url, undefined), logger: silentLogger });
}

export function generates(sim: OllamaSimulator): RecordedRequest[] {
  return sim.requests.filter((r) => r.path === '/api/generate');
}

export function signal(): AbortSignal {
  return new AbortController().signal;
}

export function tick(ms = 0): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` holds (real time), for effects that cross the HTTP boundary. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await tick(5);
  }
}

/**
 * Settles `promise` while moving a fake clock along (0 ms at a time: timers that
 * are due run, none is skipped), for code that waits on both timers and I/O.
 */
export async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    clock.advance(0);
    await tick(2);
  }
  return promise;
}
