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
  type Position,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { abortSignalOf } from '../core/cancellation';
import type { CompletionOutcome, CompletionRequest, Refresh } from '../core/completion/api';
import type { InlineCompletionRefreshParams } from '../protocol/completion';
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
  /**
   * Set when the client handles InlineCompletionRefreshNotification: completions may then be
   * served while still generating, and this tells the client to ask again.
   */
  readonly refresh?: (params: InlineCompletionRefreshParams, generation: number) => void;
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
    partial: deps.refresh !== undefined,
    related,
    ...(repoName === undefined ? {} : { repoName }),
  };
  return { request, text };
}

/**
 * `insert` (`\n` lines) with the document's line endings: an editor inserts the
 * text as it gets it (Neovim does not convert), so a CRLF file must get CRLF.
 */
export function withLineEndingsOf(document: string, insert: string): string {
  const lf = document.indexOf('\n');
  return lf > 0 && document[lf - 1] === '\r' ? insert.replace(/\r?\n/g, '\r\n') : insert;
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
      const asked: Asked = { uri, version: request.version, start, offset: request.offset, text };
      if (outcome.refresh && deps.refresh) followRefresh(outcome.refresh, asked, deps, deps.refresh);
      return [itemAt(asked, outcome.text, outcome.replaceSuffixChars)];
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

/** Where a completion was asked for: the document's text then, and the cursor in it. */
interface Asked {
  readonly uri: string;
  readonly version: number;
  readonly start: Position;
  readonly offset: number;
  readonly text: string;
}

/** The item that inserts `insert` at the cursor, replacing `replaceSuffixChars` after it. */
function itemAt(asked: Asked, insert: string, replaceSuffixChars: number): InlineCompletionItem {
  const end = positionAfter(asked.text, asked.start, asked.offset, replaceSuffixChars);
  return { insertText: withLineEndingsOf(asked.text, insert), range: { start: asked.start, end } };
}

/**
 * Tells the client what to show instead of a completion served while it was being generated,
 * as long as the document is still the version it was asked for (after an edit the client asks anyway).
 */
function followRefresh(
  refresh: Promise<Refresh | undefined>,
  asked: Asked,
  deps: InlineCompletionDeps,
  send: (params: InlineCompletionRefreshParams, generation: number) => void,
): void {
  void refresh.then((next) => {
    if (!next || deps.documents.get(asked.uri)?.version !== asked.version) return;
    const where = { textDocument: { uri: asked.uri, version: asked.version }, position: asked.start };
    switch (next.change) {
      case 'withdrawn':
        send({ ...where, change: 'withdrawn' }, next.generation);
        return;
      case 'updated':
        send({ ...where, change: 'updated', items: [itemAt(asked, next.text, next.replaceSuffixChars)] }, next.generation);
        return;
      default: {
        const never: never = next;
        throw new Error(`unknown refresh ${JSON.stringify(never)}`);
      }
    }
  });
}
