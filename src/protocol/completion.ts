/**
 * The custom LSP messages between the completion language server and the
 * extension (vscode-eslint's `customMessages.ts` pattern): each message is a
 * constant with a literal method and a typed `NotificationType`/`RequestType`,
 * so `sendNotification` and `onNotification` are checked on both sides.
 * Only protocol types here (no `vscode`): the server bundles this file too.
 */
import { NotificationType, RequestType0, type InlineCompletionItem } from 'vscode-languageserver-protocol';
import type { CompletionSettings } from '../core/settings';
import type { EngineNotice, EngineStatus, RequestLogEntry } from '../core/completion/api';

/**
 * What the client (or another editor) sends in `initializationOptions` and as
 * `workspace/didChangeConfiguration` `settings`. Missing fields keep their defaults.
 */
export interface CompletionServerSettings {
  /** Ollama base URL; '' or missing means OLLAMA_HOST from the server's environment, then the default. */
  readonly ollamaHost?: string;
  /** `unbound.ollama.streamIdleTimeoutSeconds`: a started stream that stays silent this long fails. */
  readonly streamIdleTimeoutSeconds?: number;
  readonly completion?: Partial<CompletionSettings>;
  /** Modelfile features; formatting is off unless `formatting: true`. */
  readonly modelfile?: { readonly formatting?: boolean };
}

/**
 * Something the user has to act on. The engine emits each once until its
 * condition clears; the client turns each into one notification with actions.
 */
export type CompletionNotice = EngineNotice;

/** server -> client: the engine's state, for the status bar. */
export const CompletionStatusNotification = {
  method: 'unbound/completionStatus',
  type: new NotificationType<EngineStatus>('unbound/completionStatus'),
} as const;

/** server -> client: a notice the user should see once. */
export const CompletionNoticeNotification = {
  method: 'unbound/completionNotice',
  type: new NotificationType<CompletionNotice>('unbound/completionNotice'),
} as const;

export interface ForegroundStreamsParams {
  /** Chat or code-action generations in flight in the extension host. */
  readonly count: number;
}

/** client -> server: completions yield to chat while `count > 0` (when `yieldToChat` is on). */
export const ForegroundStreamsNotification = {
  method: 'unbound/foregroundStreams',
  type: new NotificationType<ForegroundStreamsParams>('unbound/foregroundStreams'),
} as const;

/**
 * The client capability (under `capabilities.experimental`) saying the client handles
 * InlineCompletionRefreshNotification: it may be given the start of a completion still
 * being generated, and asks again when told.
 */
export const INLINE_COMPLETION_REFRESH_CAPABILITY = 'unboundInlineCompletionRefresh';

export type InlineCompletionRefreshParams = {
  readonly textDocument: { readonly uri: string; readonly version: number };
  readonly position: { readonly line: number; readonly character: number };
} & (
  /** Show `items` instead (what the server would answer now; the client need not ask it again). */
  | { readonly change: 'updated'; readonly items: readonly InlineCompletionItem[] }
  /** Hide what was shown: the finished completion was dropped. */
  | { readonly change: 'withdrawn' }
);

/**
 * server -> client: the completion given for this document version and position was the
 * start of one still being generated, and there is other text to show now, or none: if the
 * editor is still there, it should show that instead (LSP 3.18 has no refresh for inline
 * completions).
 */
export const InlineCompletionRefreshNotification = {
  method: 'unbound/inlineCompletionRefresh',
  type: new NotificationType<InlineCompletionRefreshParams>('unbound/inlineCompletionRefresh'),
} as const;

export interface InlineCompletionCursorParams {
  readonly textDocument: { readonly uri: string; readonly version: number } | null;
  readonly position: { readonly line: number; readonly character: number } | null;
}

/**
 * client -> server: the cursor left the place the last completion was asked for (another
 * position, document or editor; null when no editor has focus). A completion streamed for that
 * place is no longer on screen, so its generation need not run to its end.
 */
export const InlineCompletionCursorNotification = {
  method: 'unbound/inlineCompletionCursor',
  type: new NotificationType<InlineCompletionCursorParams>('unbound/inlineCompletionCursor'),
} as const;

/** client -> server: the most recent completion requests, newest first, for "Why no completion?". */
export const RequestLogRequest = {
  method: 'unbound/requestLog',
  type: new RequestType0<readonly RequestLogEntry[], void>('unbound/requestLog'),
} as const;
