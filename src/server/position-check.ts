/**
 * Positions and ranges from the client, checked against the server's copy of the
 * document. LSP positions are zero-based integers; a character past the end of
 * its line means the end of the line (the spec says so), but a line past the end
 * of the document, a negative or a fractional number is a bad request.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** What is wrong with `position` in `document`, or undefined when it is usable. */
export function positionProblem(document: TextDocument, position: Position | undefined): string | undefined {
  if (!position || !isIndex(position.line) || !isIndex(position.character)) {
    return `position ${JSON.stringify(position)} is not a pair of non-negative integers`;
  }
  if (position.line >= document.lineCount) {
    return `position line ${position.line} is past the end of the document (${document.lineCount} lines)`;
  }
  return undefined;
}

export function rangeProblem(document: TextDocument, range: Range | undefined): string | undefined {
  if (!range) return 'no range';
  const problem = positionProblem(document, range.start) ?? positionProblem(document, range.end);
  if (problem) return problem;
  if (document.offsetAt(range.start) > document.offsetAt(range.end)) return 'the range ends before it starts';
  return undefined;
}
