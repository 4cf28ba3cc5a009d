/**
 * One model answer for an action, streamed from /api/chat with a progress notification
 * whose Cancel aborts the HTTP request. While it streams it holds the foreground lease,
 * so completions yield. The answer is untrusted: its size is bounded and a stream that
 * goes silent is ended.
 */
import * as vscode from 'vscode';
import type { ChatMessage, OllamaApi } from '../../core/ollama/types';
import { OllamaError } from '../../core/ollama/errors';

export const MAX_ANSWER_CHARS = 400_000;
export const SILENT_STREAM_MS = 120_000;

export interface StreamDeps {
  readonly api: OllamaApi;
  readonly foreground: { beginForegroundStream(): vscode.Disposable };
  readonly log: vscode.LogOutputChannel;
}

export interface StreamRequest {
  readonly title: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Each piece of answer text as it arrives (the Explain fallback shows it live). */
  readonly onText?: (answerSoFar: string) => void;
  /** Stops the request from elsewhere (Reject while streaming); ends as 'cancelled'. */
  readonly signal?: AbortSignal;
}

export type StreamOutcome =
  | { readonly kind: 'done'; readonly answer: string; readonly truncated: boolean; readonly lastTokenAt: number; readonly endedAt: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly error: OllamaError };

export function streamAnswer(deps: StreamDeps, request: StreamRequest): Promise<StreamOutcome> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
      async (progress, token): Promise<StreamOutcome> => {
        const abort = new AbortController();
        const lease = deps.foreground.beginForegroundStream();
        const cancel = token.onCancellationRequested(() => abort.abort());
        const stopped = () => abort.abort();
        request.signal?.addEventListener('abort', stopped, { once: true });
        if (request.signal?.aborted) abort.abort();
        let silent = false;
        let timer: ReturnType<typeof setTimeout> | undefined;
        const arm = () => {
          if (timer) clearTimeout(timer);
          timer = setTimeout(() => {
            silent = true;
            abort.abort();
          }, SILENT_STREAM_MS);
        };
        let answer = '';
        let truncated = false;
        let lastTokenAt = performance.now();
        let reported = 0;
        try {
          arm();
          progress.report({ message: `waiting for ${request.model}…` });
          for await (const chunk of deps.api.chat({ model: request.model, messages: request.messages }, abort.signal)) {
            arm();
            if (chunk.content) {
              answer += chunk.content;
              lastTokenAt = performance.now();
              request.onText?.(answer);
            }
            if (answer.length - reported >= 200 || (reported === 0 && answer.length > 0)) {
              reported = answer.length;
              progress.report({ message: `${request.model}: ${answer.split('\n').length} lines so far` });
            }
            if (answer.length > MAX_ANSWER_CHARS) {
              // Leaving the loop closes the request (the client aborts a stream its consumer left).
              truncated = true;
              break;
            }
            if (chunk.done) break;
          }
          return { kind: 'done', answer, truncated, lastTokenAt, endedAt: performance.now() };
        } catch (error) {
          if (silent) return { kind: 'failed', error: new OllamaError({ kind: 'timeout', ms: SILENT_STREAM_MS }) };
          const failure = error instanceof OllamaError ? error : new OllamaError({ kind: 'stream', message: String(error) });
          if (failure.cause.kind === 'aborted' || token.isCancellationRequested || request.signal?.aborted) return { kind: 'cancelled' };
          deps.log.warn(`[actions] ${request.title} failed: ${failure.message}`);
          return { kind: 'failed', error: failure };
        } finally {
          if (timer) clearTimeout(timer);
          cancel.dispose();
          request.signal?.removeEventListener('abort', stopped);
          lease.dispose();
        }
      },
    ),
  );
}
