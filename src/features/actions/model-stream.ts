/**
 * One model answer for an action, streamed from /api/chat with a progress notification
 * whose Cancel aborts the HTTP request. While it streams it holds the foreground lease,
 * so completions yield. The answer is untrusted: its size is bounded here, and the client
 * ends a stream that goes silent (`unbound.ollama.streamIdleTimeoutSeconds`, as for chat).
 */
import * as vscode from 'vscode';
import { abortSignalOf } from '../../core/cancellation';
import { toOllamaError, type OllamaError } from '../../core/ollama/errors';
import type { ChatMessage, OllamaApi } from '../../core/ollama/types';

export const MAX_ANSWER_CHARS = 400_000;

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
        const cancelled = abortSignalOf(token);
        // Cancel in the notification, or Reject from elsewhere: either closes the request.
        const signal = request.signal ? AbortSignal.any([cancelled.signal, request.signal]) : cancelled.signal;
        const lease = deps.foreground.beginForegroundStream();
        let answer = '';
        let truncated = false;
        let lastTokenAt = performance.now();
        let reported = 0;
        try {
          progress.report({ message: `waiting for ${request.model}…` });
          for await (const chunk of deps.api.chat({ model: request.model, messages: request.messages }, signal)) {
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
          const failure = toOllamaError(error, { host: deps.api.host.url, model: request.model });
          if (failure.cause.kind === 'aborted' || signal.aborted) return { kind: 'cancelled' };
          deps.log.warn(`[actions] ${request.title} failed: ${failure.message}`);
          return { kind: 'failed', error: failure };
        } finally {
          cancelled.dispose();
          lease.dispose();
        }
      },
    ),
  );
}
