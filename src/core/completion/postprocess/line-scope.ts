/**
 * How far a completion may reach, decided from the cursor (and, for a line the
 * completion itself turns into a block opener, from its first line):
 * - `line`: only the rest of the current line. Mid-line with code after the cursor,
 *   in a line comment, or a statement being finished (`this.x =`).
 * - `block`: the current line opens a block (`{`, `(`, `=>`, Python `:`...), either
 *   before the cursor or once completed (`get foo(): number {`): its body and its
 *   closing line, then stop.
 * - `body`: the cursor is on an empty (indented) line, or at the end of a finished
 *   line with an answer that starts on the next line: statements at that
 *   indentation, until a line dedents below it.
 */
import type { CursorContext } from './cursor';
import { onlyClosersAfter } from './cursor';
import { endsInLineComment } from './brackets';
import type { LanguageTraits } from './language';
import { indentWidth, isBlank } from './lines';

export type LineScope =
  | { readonly kind: 'line' }
  | { readonly kind: 'block'; readonly baseIndent: number }
  | { readonly kind: 'body'; readonly baseIndent: number };

export function opensBlock(line: string, lang: LanguageTraits): boolean {
  const t = line.trimEnd();
  if (/(?:[{([]|=>)$/.test(t)) return true;
  if (lang.colonOpensBlock && t.endsWith(':')) return true;
  return lang.keywordBlocks && /(?:\bdo(?:\s*\|[^|]*\|)?|\bthen)$/.test(t);
}

export function lineScope(cursor: CursorContext, firstLine: string): LineScope {
  const before = cursor.lineBefore;
  const full = before + firstLine;
  const baseIndent = isBlank(before) && !isBlank(firstLine) ? indentWidth(full) : indentWidth(before);
  switch (cursor.multiline) {
    case 'never':
      return { kind: 'line' };
    case 'always':
      if (isBlank(before)) return { kind: 'body', baseIndent };
      return { kind: opensBlock(before, cursor.lang) || opensBlock(full, cursor.lang) ? 'block' : 'body', baseIndent };
    case 'auto':
      if (!onlyClosersAfter(cursor.lineAfter)) return { kind: 'line' };
      if (endsInLineComment(before, cursor.lang)) return { kind: 'line' };
      if (isBlank(before)) return { kind: 'body', baseIndent };
      if (opensBlock(before, cursor.lang) || opensBlock(full, cursor.lang)) return { kind: 'block', baseIndent };
      // At the end of a finished line, an answer that starts with a line break is the
      // next statements: as on an empty line at this indentation.
      if (isBlank(firstLine) && isBlank(cursor.lineAfter)) return { kind: 'body', baseIndent };
      return { kind: 'line' };
    default: {
      const unreachable: never = cursor.multiline;
      return unreachable;
    }
  }
}
