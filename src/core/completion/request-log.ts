/**
 * The "why no completion?" log: the last requests with what happened to them,
 * newest first. Bounded in entries and in characters (an entry holds what the
 * server sent, which can be anything), so it costs nothing to keep on all the time.
 */
import type { OllamaErrorCause } from '../ollama/types';
import type { CompletionOutcome, RequestLogEntry } from './api';

export const REQUEST_LOG_ENTRIES = 50;
/** Characters of model output and ghost text one entry keeps; the rest is counted, not kept. */
export const LOG_TEXT_CHARS = 8_000;
/** Characters the whole log keeps; the oldest entries go first. */
export const REQUEST_LOG_MAX_CHARS = 500_000;
/** How much of the prompt's end the log keeps: the part next to the cursor is the telling part. */
export const PROMPT_PREVIEW_CHARS = 200;

export class RequestLog {
  private readonly entries: { readonly entry: RequestLogEntry; readonly chars: number }[] = [];
  private chars = 0;
  /** Amendments for requests not logged yet (at most a few: one per streamed completion in flight). */
  private readonly pending = new Map<number, RequestLogEntry>();

  constructor(private readonly capacity: number = REQUEST_LOG_ENTRIES) {}

  add(logged: RequestLogEntry): void {
    const raw = this.pending.get(logged.id) ?? logged;
    this.pending.delete(logged.id);
    const entry = bounded(raw);
    const chars = JSON.stringify(entry).length;
    this.entries.unshift({ entry, chars });
    this.chars += chars;
    while (this.entries.length > 1 && (this.entries.length > this.capacity || this.chars > REQUEST_LOG_MAX_CHARS)) {
      const dropped = this.entries.pop();
      if (dropped) this.chars -= dropped.chars;
    }
  }

  /**
   * Replaces the entry with the same id (a streamed completion finished). An entry not added yet
   * (the completion finished before its request was logged) takes the amendment when it is.
   */
  amend(raw: RequestLogEntry): void {
    const at = this.entries.findIndex((e) => e.entry.id === raw.id);
    if (at < 0) {
      this.pending.set(raw.id, raw);
      // Never more than a handful; a bound all the same (an entry already dropped from the log never comes back).
      for (const id of this.pending.keys()) if (this.pending.size > 16) this.pending.delete(id);
      return;
    }
    const entry = bounded(raw);
    const chars = JSON.stringify(entry).length;
    this.chars += chars - this.entries[at]!.chars;
    this.entries[at] = { entry, chars };
  }

  /** Newest first. A copy: callers cannot change the log. */
  list(): readonly RequestLogEntry[] {
    return this.entries.map((e) => e.entry);
  }
}

function cut(text: string): string {
  if (text.length <= LOG_TEXT_CHARS) return text;
  return `${text.slice(0, LOG_TEXT_CHARS)}\n… (${(text.length - LOG_TEXT_CHARS).toLocaleString('en-US')} more characters)`;
}

function bounded(entry: RequestLogEntry): RequestLogEntry {
  if (entry.raw.length <= LOG_TEXT_CHARS && entry.final.length <= LOG_TEXT_CHARS && entry.promptPreview.length <= LOG_TEXT_CHARS) return entry;
  return { ...entry, raw: cut(entry.raw), final: cut(entry.final), promptPreview: cut(entry.promptPreview) };
}

export function promptPreview(prompt: string): string {
  return prompt.length > PROMPT_PREVIEW_CHARS ? prompt.slice(prompt.length - PROMPT_PREVIEW_CHARS) : prompt;
}

/** What the engine learns about a request while serving it. */
export interface LogDraft {
  readonly id: number;
  readonly time: number;
  readonly model: string;
  readonly uri: string;
  debounceMs: number;
  ttftMs?: number;
  totalMs?: number;
  tokens?: number;
  promptPreview: string;
  raw: string;
  final: string;
  /** Shown first by its first words while the model wrote it (the entry is amended when it finished). */
  partial?: boolean;
}

export function logEntry(draft: LogDraft, outcome: CompletionOutcome): RequestLogEntry {
  const base = { ...draft };
  switch (outcome.kind) {
    case 'shown':
      return outcome.source === 'generated'
        ? { ...base, outcome: 'shown', final: outcome.text }
        : { ...base, outcome: 'cached', reason: outcome.source, final: outcome.text };
    case 'skipped':
      return { ...base, outcome: 'skipped', reason: outcome.detail ? `${outcome.reason}: ${outcome.detail}` : outcome.reason };
    case 'cancelled':
      return { ...base, outcome: 'cancelled' };
    case 'error':
      return { ...base, outcome: 'error', reason: describeCause(outcome.cause) };
    default: {
      const unreachable: never = outcome;
      return unreachable;
    }
  }
}

function describeCause(cause: OllamaErrorCause): string {
  switch (cause.kind) {
    case 'not-running':
    case 'forbidden':
      return `${cause.kind}: ${cause.host}`;
    case 'model-missing':
    case 'no-insert':
    case 'no-thinking':
      return `${cause.kind}: ${cause.model}`;
    case 'remote-model':
      return `${cause.kind}: ${cause.model} runs on ${cause.host}`;
    case 'bad-request':
    case 'busy':
    case 'stream':
    case 'malformed':
      return `${cause.kind}: ${cause.message}`;
    case 'server':
      return `server ${cause.status}: ${cause.message}`;
    case 'timeout':
      return `timeout after ${cause.ms} ms`;
    case 'aborted':
      return 'aborted';
    default: {
      const unreachable: never = cause;
      return unreachable;
    }
  }
}
