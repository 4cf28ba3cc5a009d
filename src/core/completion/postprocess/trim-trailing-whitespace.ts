/**
 * Trailing whitespace goes, on every line and at the end. The last line keeps its
 * trailing spaces only when code follows the cursor right away (`foo(a, ` before
 * `b)` needs its space).
 */
import type { Filter } from './filter';
import { joinLines } from './lines';

export const trimTrailingWhitespace: Filter = {
  name: 'trim-trailing-whitespace',
  apply(draft, cursor) {
    const lines = draft.text.split('\n');
    const lastIndex = lines.length - 1;
    const after = cursor.lineAfter.slice(draft.replaceSuffixChars);
    const keepLastSpaces = lines.length === 1 && after !== '' && !/^\s/.test(after);
    const trimmed = lines.map((line, i) => (i === lastIndex && keepLastSpaces ? line : line.trimEnd()));
    const joined = joinLines(trimmed);
    const text = keepLastSpaces ? joined : joined.trimEnd();
    return text === draft.text ? draft : { ...draft, text };
  },
};
