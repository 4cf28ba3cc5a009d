/**
 * The server's copies of open documents, kept in step by didOpen/didChange. An
 * incremental change whose range lies outside the copy (a buggy or hostile
 * client) is not applied: `vscode-languageserver-textdocument` would clamp it and
 * splice the text at the end, so the copy would silently differ from the editor's.
 * The document is marked out of sync instead, gets no completions (they would be
 * built from the wrong text), and is in sync again when the client sends the
 * whole text (a full change, or close and reopen).
 */
import { TextDocuments, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Logger } from '../core/log';
import { rangeProblem } from './position-check';

export class DocumentSync {
  readonly documents: TextDocuments<TextDocument>;
  private readonly outOfSync = new Set<string>();

  constructor(private readonly logger: Logger) {
    this.documents = new TextDocuments<TextDocument>({
      create: (uri, languageId, version, content) => {
        this.outOfSync.delete(uri);
        return TextDocument.create(uri, languageId, version, content);
      },
      update: (document, changes, version) => this.update(document, changes, version),
    });
  }

  isOutOfSync(uri: string): boolean {
    return this.outOfSync.has(uri);
  }

  private update(document: TextDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): TextDocument {
    for (const change of changes) {
      if (!('range' in change)) {
        this.outOfSync.delete(document.uri);
        TextDocument.update(document, [change], version);
        continue;
      }
      // Incremental changes to a copy already wrong would only make it wronger.
      if (this.outOfSync.has(document.uri)) continue;
      const problem = rangeProblem(document, change.range);
      if (problem) {
        this.outOfSync.add(document.uri);
        this.logger.warn(
          `didChange for ${document.uri} (version ${version}) has a range outside the document (${problem}): not applied; the document is out of sync and gets no completions until the editor sends its whole text again.`,
        );
        continue;
      }
      TextDocument.update(document, [change], version);
    }
    return document;
  }
}
