/**
 * When the text after the cursor is only auto-closed characters (`)`, `})`, `")`,
 * `/>`) and the completion writes them itself, the completion overwrites them:
 * `replaceSuffixChars` says how many. `fn fibonacci(` + `)` after the cursor, and
 * the model answers `n: u32) -> u32 {…}`: the `)` after the cursor is replaced, not
 * doubled.
 */
import { scanBrackets } from './brackets';
import { onlyClosersAfter, type CursorContext } from './cursor';
import type { Filter } from './filter';

export const replaceClosingSuffix: Filter = {
  name: 'replace-closing-suffix',
  apply(draft, cursor) {
    const replaceSuffixChars = closingCharsReplaced(draft.text, cursor);
    return replaceSuffixChars === draft.replaceSuffixChars ? draft : { ...draft, replaceSuffixChars };
  },
};

/** How many characters after the cursor `text` overwrites (0 when it overwrites none). */
export function closingCharsReplaced(text: string, cursor: CursorContext): number {
  const rest = cursor.lineAfter;
  if (rest.trim() === '' || !onlyClosersAfter(rest)) return 0;
  const start = cursor.prefixState;
  // Closers in the completion that close what the prefix opened, in order.
  const closers = scanBrackets(text, cursor.lang, start).outerClosers.map((c) => c.char);
  const trimmedText = text.trimEnd();
  let i = 0;
  for (const ch of closers) {
    while (i < rest.length && /\s/.test(rest[i])) i++;
    if (rest[i] !== ch) break;
    i++;
  }
  if (i > 0) {
    // The completion may also end with what follows those closers (`;` of `);`).
    const tail = rest.slice(i).trim();
    if (tail !== '' && trimmedText.endsWith(tail)) return rest.indexOf(tail, i) + tail.length;
    return i;
  }
  // No brackets or quotes: a completion ending in the same characters (`/>`, `>` of a tag).
  const plain = rest.trim();
  if (/[()[\]{}"'`]/.test(plain)) return 0;
  const lastLine = trimmedText.slice(trimmedText.lastIndexOf('\n') + 1);
  return lastLine.endsWith(plain) ? rest.indexOf(plain) + plain.length : 0;
}
