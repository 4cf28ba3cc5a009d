/**
 * Removes the rest of the cursor's line when the completion types it again:
 * `println!("x:` + `", x);` after the cursor, and the model answers ` {}", x);`.
 * Only for code after the cursor (auto-closed characters are overwritten instead,
 * see replace-closing-suffix.ts).
 */
import { onlyClosersAfter } from './cursor';
import { dropped, type Filter } from './filter';

/** Shorter text after the cursor (down to one `:`) is matched only at the very end of the completion. */
const MIN_CONTAINED_CHARS = 5;

export const trimLineOverlap: Filter = {
  name: 'trim-line-overlap',
  apply(draft, cursor) {
    const rest = cursor.lineAfter.trim();
    if (rest === '' || onlyClosersAfter(cursor.lineAfter)) return draft;
    const newline = draft.text.indexOf('\n');
    const first = (newline < 0 ? draft.text : draft.text.slice(0, newline)).trimEnd();
    let at = first.endsWith(rest) ? first.length - rest.length : -1;
    if (at < 0 && rest.length >= MIN_CONTAINED_CHARS) at = first.indexOf(rest);
    if (at < 0) return draft;
    const text = first.slice(0, at);
    if (text.trim() === '') return dropped('the completion only repeats the text after the cursor');
    return { ...draft, text };
  },
};
