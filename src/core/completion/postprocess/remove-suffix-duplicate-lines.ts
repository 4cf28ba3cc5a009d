/**
 * Stops where the completion starts repeating the lines after the cursor: the model
 * wrote the missing part, then continued into code that is already there
 * (`console.log(obj);` above an identical line, a `};` above the `}` that closes
 * the same block). Lines are compared with their indentation, so a `}` closing an
 * inner block is not mistaken for the outer one below it.
 */
import { nextNonBlankLine } from './cursor';
import { dropped, type Filter } from './filter';
import { isBlank, joinLines } from './lines';

/** Trailing `;` and `,` do not make a different line (`};` vs `}`). */
function normalize(line: string): string {
  return line.trimEnd().replace(/[;,]+$/, '');
}

export const removeSuffixDuplicateLines: Filter = {
  name: 'remove-suffix-duplicate-lines',
  apply(draft, cursor) {
    const next = nextNonBlankLine(cursor);
    if (next === undefined) return draft;
    const target = normalize(next);
    const lines = draft.text.split('\n');
    // The first line is compared as the whole line only when nothing follows the cursor on it.
    const from = cursor.lineAfter.trim() === '' ? 0 : 1;
    for (let i = from; i < lines.length; i++) {
      const line = i === 0 ? cursor.lineBefore + lines[0] : lines[i];
      if (isBlank(line) || normalize(line) !== target) continue;
      if (i === 0) return dropped('the completion repeats the next line of the file');
      return { ...draft, text: joinLines(lines.slice(0, i)) };
    }
    return draft;
  },
};
