/**
 * A small lexer for bracket balance: skips strings and comments so that a `(` in
 * "text" or a `}` in a comment does not count. It is a heuristic over a window of
 * the file, not a parser: one-line strings end at a line break, and closers with
 * nothing open (the window started inside a block) are reported, not fatal.
 * A `'` or `"` in a line comment or prose only matters up to the line end.
 */
import type { LanguageTraits } from './language';

const OPENERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

export interface ScanState {
  /** Openers not closed yet, innermost last. */
  readonly stack: readonly string[];
  /** The quote of the string the text ended in, if any. */
  readonly inString: string | undefined;
  readonly inBlockComment: boolean;
}

export const INITIAL_STATE: ScanState = { stack: [], inString: undefined, inBlockComment: false };

/** A closer with nothing open in this text: it closes something opened before it. */
export interface OuterCloser {
  readonly index: number;
  readonly char: string;
  /** A quote ending a string that was open when this text started. */
  readonly quote: boolean;
}

export interface ScanResult {
  readonly state: ScanState;
  readonly outerClosers: readonly OuterCloser[];
  /** Openers this text left open (the innermost `opened` entries of `state.stack`). */
  readonly opened: number;
}

/**
 * Scans `text` from `start` state. Openers from `start.stack` are not popped by
 * this text's closers: every closer with nothing open *in this text* is an outer
 * closer, whatever the start stack holds (the caller decides what it closes).
 */
export function scanBrackets(text: string, lang: LanguageTraits, start: ScanState = INITIAL_STATE): ScanResult {
  const stack: string[] = [];
  const outer: OuterCloser[] = [];
  let inString = start.inString;
  // Whether the current string was already open before this text (closing it is an outer closer).
  let stringFromBefore = inString !== undefined;
  let inBlockComment = start.inBlockComment;
  let inLineComment = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') {
      inLineComment = false;
      // Strings do not survive a line break (see LanguageTraits.quotes).
      if (inString !== undefined) {
        inString = undefined;
        stringFromBefore = false;
      }
      continue;
    }
    if (inLineComment) continue;
    if (inBlockComment) {
      if (ch === '*' && text[i + 1] === '/') {
        inBlockComment = false;
        i++;
      }
      continue;
    }
    if (inString !== undefined) {
      if (ch === '\\') {
        i++;
        continue;
      }
      if (ch === inString) {
        if (stringFromBefore) outer.push({ index: i, char: ch, quote: true });
        inString = undefined;
        stringFromBefore = false;
      }
      continue;
    }
    if (lang.lineComments.some((c) => text.startsWith(c, i))) {
      inLineComment = true;
      continue;
    }
    if (lang.blockComments && ch === '/' && text[i + 1] === '*') {
      inBlockComment = true;
      i++;
      continue;
    }
    if (lang.quotes.includes(ch)) {
      inString = ch;
      stringFromBefore = false;
      continue;
    }
    if (ch in OPENERS) {
      stack.push(ch);
      continue;
    }
    if (CLOSERS.has(ch)) {
      if (stack.length > 0) stack.pop();
      else outer.push({ index: i, char: ch, quote: false });
    }
  }
  // Outer closers pop the start stack, so the end state is what is still open overall.
  const carried = [...start.stack];
  for (const c of outer) if (!c.quote && carried.length > 0) carried.pop();
  return { state: { stack: [...carried, ...stack], inString, inBlockComment }, outerClosers: outer, opened: stack.length };
}

/** Whether a line contains a line comment outside strings (the cursor is then in a comment). */
export function endsInLineComment(line: string, lang: LanguageTraits): boolean {
  let inString: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inString !== undefined) {
      if (ch === '\\') i++;
      else if (ch === inString) inString = undefined;
      continue;
    }
    if (lang.lineComments.some((c) => line.startsWith(c, i))) return true;
    if (lang.quotes.includes(ch)) inString = ch;
  }
  return false;
}
