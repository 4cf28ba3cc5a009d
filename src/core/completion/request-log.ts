/**
 * The "why no completion?" log: the last requests with what happened to them,
 * newest first. Bounded, so it costs nothing to keep on all the time.
 */
import type { OllamaErrorCause } from '../ollama/types';
import type { CompletionOutcome, RequestLogEntry } from './api';

export const REQUEST_LOG_ENTRIES = 50;
/** How much of the prompt's end the log keeps: the part next to the cursor is the telling part. */
export const PROMPT_PREVIEW_CHARS = 200;

export class RequestLog {
  private readonly entries: RequestLogEntry[] = [];

  constructor(private readonly capacity: number = REQUEST_LOG_ENTRIES) {}

  add(entry: RequestLogEntry): void {
    this.entries.unshift(entry);
    if (this.entries.length > this.capacity) this.entries.length = this.capacity;
  }

  /** Newest first. A copy: callers cannot change the log. */
  list(): readonly RequestLogEntry[] {
    return [...this.entries];
  }
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
