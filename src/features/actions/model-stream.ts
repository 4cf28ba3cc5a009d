/**
 * One model answer for an action (src/core/edits/action-answer-stream.ts) with a progress
 * notification whose Cancel aborts the HTTP request. While it streams it holds the
 * foreground lease, so completions yield. The client ends a stream that goes silent
 * (`unbound.ollama.streamIdleTimeoutSeconds`, as for chat).
 */
import * as vscode from 'vscode';
import { abortSignalOf } from '../../core/cancellation';
import { streamActionAnswer, type ActionAnswer, type AnswerReading } from '../../core/edits/action-answer-stream';
import type { ChatMessage, ModelInfo, OllamaApi } from '../../core/ollama/types';

export interface StreamDeps {
  readonly api: OllamaApi;
  /** The model's template and capabilities, cached per host. */
  readonly modelInfo: (model: string, signal: AbortSignal) => Promise<ModelInfo>;
  readonly foreground: { beginForegroundStream(): vscode.Disposable };
  readonly log: vscode.LogOutputChannel;
}

export interface StreamRequest {
  readonly title: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Each piece of answer text as it arrives (the Explain fallback shows it live). */
  readonly onText?: (answerSoFar: string, reading: AnswerReading) => void;
  /** Stops the request from elsewhere (Reject while streaming); ends as 'cancelled'. */
  readonly signal?: AbortSignal;
}

export type StreamOutcome = ActionAnswer;

export function streamAnswer(deps: StreamDeps, request: StreamRequest): Promise<StreamOutcome> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: request.title, cancellable: true },
      async (progress, token): Promise<StreamOutcome> => {
        const cancelled = abortSignalOf(token);
        // Cancel in the notification, or Reject from elsewhere: either closes the request.
        const signal = request.signal ? AbortSignal.any([cancelled.signal, request.signal]) : cancelled.signal;
        const lease = deps.foreground.beginForegroundStream();
        let reported = 0;
        try {
          progress.report({ message: `waiting for ${request.model}…` });
          const outcome = await streamActionAnswer({
            api: deps.api,
            modelInfo: deps.modelInfo,
            model: request.model,
            messages: request.messages,
            signal,
            now: () => performance.now(),
            onText: (answer, reading) => {
              request.onText?.(answer, reading);
              if (answer.length - reported >= 200 || reported === 0) {
                reported = answer.length;
                progress.report({ message: `${request.model}: ${answer.split('\n').length} lines so far` });
              }
            },
          });
          if (outcome.kind === 'failed') deps.log.warn(`[actions] ${request.title} failed: ${outcome.error.message}`);
          return outcome;
        } finally {
          cancelled.dispose();
          lease.dispose();
        }
      },
    ),
  );
}
