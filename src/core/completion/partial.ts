/**
 * What of a completion still being generated can be shown now ("streaming" ghost text).
 *
 * A local model takes hundreds of milliseconds from its first token to the end of a line;
 * a user who pauses that long sees nothing, then everything, and a slow model often shows
 * nothing before the next keystroke. Showing the first whole words as they arrive, and
 * extending them, turns that wait into reading time. What is shown early must be what the
 * finished completion starts with, so only text later tokens cannot change is shown:
 * - whole words: the text up to the last character that cannot continue a word;
 * - no trailing blank line or indentation: the next line's depth decides whether it belongs;
 * - nothing of a last word that could still become a special token or stop string
 *   (`<|`, `<｜`, `[SUF`, `</`): the model's format may be leaking one;
 * - nothing at all while code follows the cursor on its line: the filters that fit the
 *   completion's end to that code (trim-line-overlap, replace-closing-suffix) judge the
 *   finished line only;
 * - at least MIN_PARTIAL_CHARS visible characters: a lone `(` is noise, not a suggestion.
 */
import type { CursorContext } from './postprocess';

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
  let end = text.length;
  // The word being written may go on: back up to just after the last non-word character.
  while (end > 0 && WORD_CHAR.test(text[end - 1]!)) end--;
  let shown = text.slice(0, end);
  // A last word holding a token start may be the beginning of a leaked token.
  const lastWordStart = Math.max(shown.lastIndexOf(' '), shown.lastIndexOf('\t'), shown.lastIndexOf('\n')) + 1;
  const marker = shown.slice(lastWordStart).search(TOKEN_START);
  if (marker >= 0) shown = shown.slice(0, lastWordStart + marker);
  // Trailing whitespace, and a started line holding only indentation, wait for what follows.
  shown = shown.replace(/\s+$/u, '');
  return shown.replace(/\s/gu, '').length >= MIN_PARTIAL_CHARS ? shown : '';
}
