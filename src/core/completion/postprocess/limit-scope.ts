/**
 * Cuts the completion to the scope it belongs to (see line-scope.ts), by
 * indentation: a line that dedents out of the cursor's block ends it. The closing
 * line of a block the cursor's line opened is kept (`}` of `get foo() {`); an
 * `} else {` or Python `else:` at that level continues it.
 */
import type { Filter } from './filter';
import { lineScope, opensBlock } from './line-scope';
import { indentWidth, isBlank, joinLines } from './lines';
import type { LanguageTraits } from './language';

const CONTINUATION = /^(?:else\b|elif\b|except\b|finally\b|catch\b|rescue\b|ensure\b|when\b)/;

function startsWithCloser(trimmed: string, lang: LanguageTraits): boolean {
  return /^[)\]}]/.test(trimmed) || (lang.keywordBlocks && /^end\b/.test(trimmed));
}

export const limitScope: Filter = {
  name: 'limit-scope',
  apply(draft, cursor) {
    const lines = draft.text.split('\n');
    const scope = lineScope(cursor, lines[0]);
    let keep: number;
    switch (scope.kind) {
      case 'line':
        keep = 1;
        break;
      case 'block':
        keep = blockEnd(lines, scope.baseIndent, cursor.lang);
        break;
      case 'body':
        keep = bodyEnd(lines, scope.baseIndent);
        break;
      default: {
        const unreachable: never = scope;
        return unreachable;
      }
    }
    if (keep >= lines.length) return draft;
    return { ...draft, text: joinLines(lines.slice(0, keep)) };
  },
};

/** Lines to keep: the block's body (deeper than base) and its closing line at base. */
function blockEnd(lines: readonly string[], base: number, lang: LanguageTraits): number {
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const indent = indentWidth(line);
    if (indent > base) continue;
    const trimmed = line.trim();
    if (indent === base && startsWithCloser(trimmed, lang)) {
      if (opensBlock(trimmed, lang)) continue; // `} else {`
      return i + 1;
    }
    if (indent === base && CONTINUATION.test(trimmed)) continue;
    return i;
  }
  return lines.length;
}

/** Lines to keep: everything until a line dedents below base. */
function bodyEnd(lines: readonly string[], base: number): number {
  for (let i = 1; i < lines.length; i++) {
    if (!isBlank(lines[i]) && indentWidth(lines[i]) < base) return i;
  }
  return lines.length;
}
