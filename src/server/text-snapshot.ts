/**
 * Read access to a document's text for the engine. `TextDocument.getText()`
 * returns the string the document stores (strings are immutable), so holding
 * it costs nothing and slicing reads a window without copying the document.
 */
import type { TextSnapshot } from '../core/completion/api';
import type { Position } from 'vscode-languageserver';

export function snapshotOf(text: string): TextSnapshot {
  return {
    length: text.length,
    slice: (start, end) => text.slice(start, end),
  };
}

/**
 * The position `count` characters after `offset` in `text`. Computed from the
 * text the request was built from, not from the live document, which may have
 * moved on while the model was generating.
 */
export function positionAfter(text: string, start: Position, offset: number, count: number): Position {
  let line = start.line;
  let character = start.character;
  const end = Math.min(text.length, offset + Math.max(0, count));
  for (let i = offset; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 /* \n */) {
      line++;
      character = 0;
    } else if (code === 13 /* \r */) {
      // \r\n counts as one line break; a lone \r is a break of its own.
      if (text.charCodeAt(i + 1) === 10) {
        if (i + 1 < end) i++;
        else {
          character++;
          continue;
        }
      }
      line++;
      character = 0;
    } else {
      character++;
    }
  }
  return { line, character };
}
