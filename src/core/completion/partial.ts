/**
 * What of a completion still being generated can be shown now ("streaming" ghost text).
 *
 * A local model takes hundreds of milliseconds from its first token to the end of a line;
 * a user who pauses that long sees nothing, then everything, and a slow model often shows
 * nothing before the next keystroke. Showing the first whole words as they arrive turns that
 * wait into reading time. What is shown early must be what the finished completion starts
 * with (Tab may accept it before the rest arrives), so only text later tokens cannot change
 * is shown:
 * - the first line only: later lines can still be cut by the filters that judge whole lines
 *   (a line that repeats the code below, a loop, a closing fence, trailing blanks);
 * - whole words: the text up to the last character that cannot continue a word;
 * - nothing of a last word that could still become a special token or stop string
 *   (`<|`, `<｜`, `[SUF`, `</`): the model's format may be leaking one;
 * - nothing while the line so far could still become the next line of the file: the
 *   finished completion would be dropped as a repeat (remove-suffix-duplicate-lines.ts);
 * - no closing bracket the code after the cursor may close itself (balance-brackets.ts),
 *   counted as if the completion left nothing open: it may still close what it opened;
 * - nothing of a line repeating itself (stop-at-repetition.ts drops it if the budget runs out);
 * - nothing at all while code follows the cursor on its line: the filters that fit the
 *   completion's end to that code (trim-line-overlap, replace-closing-suffix) judge the
 *   finished line only;
 * - at least MIN_PARTIAL_CHARS visible characters: a lone `(` is noise, not a suggestion.
 */
import { scanBrackets } from './postprocess/brackets';
import { nextNonBlankLine, type CursorContext } from './postprocess/cursor';
import { isRunawayLine } from './postprocess/stop-at-repetition';

export const MIN_PARTIAL_CHARS = 3;

/** A character a word (identifier, number) may continue with. */
const WORD_CHAR = /[\p{L}\p{N}_$]/u;
/** Starts of special tokens and markers some FIM formats use (docs/reference/fim.md). */
const TOKEN_START = /[<[｜▁]/u;

/**
 * The part of `text` (the generation's shaped text so far, reasoning removed) that can be
 * shown before the generation ends; '' when none can yet.
 */
export function showablePartial(text: string, cursor: CursorContext): string {
  if (cursor.lineAfter.trim() !== '') return '';
  const newline = text.indexOf('\n');
  let end = newline < 0 ? text.length : newline;
  let shown = text.slice(0, end);
  // A first line that ended at its newline is whole; one still being written is not.
  if (newline < 0) {
    // The word being written may go on.
    while (end > 0 && WORD_CHAR.test(text[end - 1]!)) end--;
    shown = text.slice(0, end);
    // A last word holding a token start may be the beginning of a leaked token.
    const lastWordStart = Math.max(shown.lastIndexOf(' '), shown.lastIndexOf('\t')) + 1;
    const marker = shown.slice(lastWordStart).search(TOKEN_START);
    if (marker >= 0) shown = shown.slice(0, lastWordStart + marker);
  }
  shown = withoutExtraClosers(shown, cursor).trimEnd();
  if (shown.replace(/\s/gu, '').length < MIN_PARTIAL_CHARS || isRunawayLine(shown)) return '';
  const next = nextNonBlankLine(cursor);
  if (next !== undefined && normalize(next).startsWith(normalize(cursor.lineBefore + shown))) return '';
  return shown;
}

/** As remove-suffix-duplicate-lines.ts compares lines: trailing `;` and `,` make no difference. */
function normalize(line: string): string {
  return line.trimEnd().replace(/[;,]+$/, '');
}

/**
 * `text` before the first closer beyond what the prefix left open and the suffix does not
 * close. The finished completion may open and close more, which lets balance-brackets.ts
 * keep fewer closers than `text` alone would: count as if it leaves nothing open.
 */
function withoutExtraClosers(text: string, cursor: CursorContext): string {
  if (!/[)\]}]/.test(text)) return text;
  const start = cursor.prefixState;
  const completion = scanBrackets(text, cursor.lang, start);
  const suffixClosers = scanBrackets(cursor.suffix, cursor.lang, completion.state).outerClosers.filter((c) => !c.quote).length;
  const allowed = Math.max(0, start.stack.length - suffixClosers);
  let closed = 0;
  for (const closer of completion.outerClosers) {
    if (closer.quote) continue;
    if (++closed > allowed) return text.slice(0, closer.index);
  }
  return text;
}
