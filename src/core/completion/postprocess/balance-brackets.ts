/**
 * A completion closes no more than the code before the cursor left open and the
 * code after the cursor does not close itself: a `}` beyond that would close the
 * enclosing function a second time. The completion is cut at the first such closer
 * (the whole line, when the closer starts it).
 */
import { scanBrackets } from './brackets';
import type { Filter } from './filter';
import { closingCharsReplaced } from './replace-closing-suffix';

export const balanceBrackets: Filter = {
  name: 'balance-brackets',
  apply(draft, cursor) {
    const start = cursor.prefixState;
    if (!/[)\]}]/.test(draft.text)) return draft;
    const completion = scanBrackets(draft.text, cursor.lang, start);
    const suffix = cursor.suffix.slice(draft.replaceSuffixChars);
    const suffixClosers = scanBrackets(suffix, cursor.lang, completion.state).outerClosers.filter((c) => !c.quote).length;
    // The suffix first closes what the completion itself left open, then what the prefix did.
    const closedBySuffix = Math.max(0, suffixClosers - completion.opened);
    const allowed = Math.max(0, start.stack.length - closedBySuffix);
    let closed = 0;
    for (const closer of completion.outerClosers) {
      if (closer.quote) continue;
      closed++;
      if (closed <= allowed) continue;
      const text = cutBefore(draft.text, closer.index);
      return { text, replaceSuffixChars: closingCharsReplaced(text, cursor) };
    }
    return draft;
  },
};

/** `text` before `index`; the whole line goes when only whitespace precedes the closer on it. */
function cutBefore(text: string, index: number): string {
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  const cutAt = text.slice(lineStart, index).trim() === '' ? Math.max(0, lineStart - 1) : index;
  return text.slice(0, cutAt).trimEnd();
}
