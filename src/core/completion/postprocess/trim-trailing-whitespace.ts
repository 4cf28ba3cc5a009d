/**
 * Trailing whitespace goes, on every line and at the end, with two exceptions
 * where it is what puts the code after the cursor in its place:
 * - one line, and code follows the cursor right away: `foo(a, ` before `b)`
 *   keeps its space;
 * - several lines ending in a line break, and code follows the cursor on its
 *   line: between `{` and an auto-closed `}`, the answer `\n  return 1;\n` keeps
 *   its last line break, so the `}` lands on a line of its own (at the cursor
 *   line's indentation).
 */
import type { Filter } from './filter';
import { joinLines } from './lines';

export const trimTrailingWhitespace: Filter = {
  name: 'trim-trailing-whitespace',
  apply(draft, cursor) {
    const lines = draft.text.split('\n');
    const after = cursor.lineAfter.slice(draft.replaceSuffixChars);
    const codeAfter = after.trim() !== '';
    if (lines.length === 1) {
      const keepSpaces = codeAfter && !/^\s/.test(after);
      const text = keepSpaces ? draft.text : draft.text.trimEnd();
      return text === draft.text ? draft : { ...draft, text };
    }
    const body = joinLines(lines.map((line) => line.trimEnd())).trimEnd();
    const endedWithBreak = /\n[ \t]*$/.test(draft.text);
    const text = codeAfter && endedWithBreak && body.includes('\n') ? `${body}\n${/^[ \t]*/.exec(cursor.lineBefore)?.[0] ?? ''}` : body;
    return text === draft.text ? draft : { ...draft, text };
  },
};
