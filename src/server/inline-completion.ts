/**
 * textDocument/inlineCompletion: turns an LSP request into a CompletionRequest
 * for the engine and the engine's outcome into ghost text. The request's
 * cancellation (VS Code cancels the previous request on every keystroke) becomes
 * the AbortSignal the engine passes down to Ollama.
 */
import {
  ErrorCodes,
  InlineCompletionTriggerKind,
  ResponseError,
  type CancellationToken,
  type InlineCompletionItem,
  type InlineCompletionParams,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { abortSignalOf } from '../core/cancellation';
import type { CompletionOutcome, CompletionRequest } from '../core/completion/api';
import type { Logger } from '../core/log';
import { positionProblem } from './position-check';
import { positionAfter, snapshotOf } from './text-snapshot';
import { isServedUri, type WorkspacePaths } from './workspace-paths';
import type { RecentDocuments } from './recent-documents';

export interface Completer {
  complete(request: CompletionRequest, signal: AbortSignal): Promise<CompletionOutcome>;
}

export interface InlineCompletionDeps {
  readonly documents: TextDocuments<TextDocument>;
  readonly paths: WorkspacePaths;
  readonly recent: RecentDocuments;
  readonly completer: () => Completer;
  /** Whether to gather related files (off when the setting is off: no work for nothing). */
  readonly repositoryContext: () => boolean;
  readonly logger: Logger;
  /** The server's copy of this document is known to differ from the editor's (see DocumentSync). */
  readonly isOutOfSync?: (uri: string) => boolean;
}

export function buildRequest(document: TextDocument, params: InlineCompletionParams, deps: InlineCompletionDeps): { request: CompletionRequest; text: string } {
  const text = document.getText();
  // offsetAt clamps a character past the end of its line to the line's end, as LSP says.
  const offset = document.offsetAt(params.position);
  const { path, repoName } = deps.paths.modelPath(document.uri);
  deps.recent.touch(document.uri, offset);
  const related = deps.repositoryContext()
    ? deps.recent.related(document.uri, (uri) => deps.documents.get(uri), (uri) => deps.paths.modelPath(uri).path)
    : [];
  const request: CompletionRequest = {
    uri: document.uri,
    path,
    languageId: document.languageId,
    document: snapshotOf(text),
    offset,
    version: document.version,
    trigger: params.context.triggerKind === InlineCompletionTriggerKind.Invoked ? 'manual' : 'automatic',
    related,
    ...(repoName === undefined ? {} : { repoName }),
  };
  return { request, text };
}

export async function provideInlineCompletion(
  params: InlineCompletionParams,
  token: CancellationToken,
  deps: InlineCompletionDeps,
): Promise<InlineCompletionItem[] | null | ResponseError> {
  const uri = params.textDocument.uri;
  if (!isServedUri(uri)) return null;
  const document = deps.documents.get(uri);
  if (!document) {
    deps.logger.debug(`inline completion for ${uri}, which is not open: ignored`);
    return null;
  }
  const problem = positionProblem(document, params.position);
  if (problem) return new ResponseError(ErrorCodes.InvalidParams, `inline completion for ${uri}: ${problem}`);
  if (deps.isOutOfSync?.(uri)) {
    deps.logger.debug(`inline completion for ${uri}, whose copy is out of sync: ignored`);
    return null;
  }
  const { request, text } = buildRequest(document, params, deps);
  // Now, not after the await: the document may change while the model generates.
  const start = document.positionAt(request.offset);
  const abort = abortSignalOf(token);
  let outcome: CompletionOutcome;
  try {
    outcome = await deps.completer().complete(request, abort.signal);
  } finally {
    abort.dispose();
  }
  if (token.isCancellationRequested) return null;
  switch (outcome.kind) {
    case 'shown': {
      const end = positionAfter(text, start, request.offset, outcome.replaceSuffixChars);
      return [{ insertText: outcome.text, range: { start, end } }];
    }
    case 'skipped':
    case 'cancelled':
    case 'error':
      // The engine logs and reports these (status, notices, request log); nothing to show.
      return [];
    default: {
      const never: never = outcome;
      throw new Error(`unknown outcome ${JSON.stringify(never)}`);
    }
  }
}
