/**
 * The one rule for "one line or a block": how far a completion may reach,
 * decided from the cursor and, where the cursor alone cannot tell, from the
 * model's first line. The generation stops by it (it reads until the rule says
 * the rest will not be shown) and post-processing cuts by it, so the two agree.
 * - `line`: only the rest of the current line. Code after the cursor, a line
 *   comment, a statement being finished (`this.x =`), or the `never` setting.
 * - `block`: the current line opens a block or leaves a bracket open, before the
 *   cursor (`if (x) {|`, `fn f(|)`) or once the first line is written
 *   (`get` + ` foo(): number {`): its body and its closing line, then stop.
 * - `body`: the cursor is on an empty (indented) line, or at the end of a finished
 *   line with an answer that starts on the next line: statements at that
 *   indentation, until a line dedents below it.
 */
import { endsInLineComment, scanBrackets } from './brackets';
import type { CursorContext } from './cursor';
import { onlyClosersAfter } from './cursor';
import type { LanguageTraits } from './language';
import { indentWidth, isBlank } from './lines';

export type LineScope =
  | { readonly kind: 'line' }
  | { readonly kind: 'block'; readonly baseIndent: number }
  | { readonly kind: 'body'; readonly baseIndent: number };

const CONTINUATION = /^(?:else\b|elif\b|except\b|finally\b|catch\b|rescue\b|ensure\b|when\b)/;

export function opensBlock(line: string, lang: LanguageTraits): boolean {
  const t = line.trimEnd();
  if (/(?:[{([]|=>)$/.test(t)) return true;
  if (lang.colonOpensBlock && t.endsWith(':')) return true;
  return lang.keywordBlocks && /(?:\bdo(?:\s*\|[^|]*\|)?|\bthen)$/.test(t);
}

/**
 * True when the cursor alone says the completion is one line, whatever the model
 * writes: the generation can then let Ollama stop at the first newline.
 */
export function oneLineOnly(cursor: CursorContext): boolean {
  switch (cursor.multiline) {
    case 'never':
      return true;
    case 'always':
      return false;
    case 'auto':
      return !onlyClosersAfter(cursor.lineAfter) || endsInLineComment(cursor.lineBefore, cursor.lang);
    default: {
      const unreachable: never = cursor.multiline;
      return unreachable;
    }
  }
}

/** The scope of a completion whose first line (up to its first newline) is `firstLine`. */
export function lineScope(cursor: CursorContext, firstLine: string): LineScope {
  const before = cursor.lineBefore;
  const full = before + firstLine;
  const baseIndent = isBlank(before) && !isBlank(firstLine) ? indentWidth(full) : indentWidth(before);
  switch (cursor.multiline) {
    case 'never':
      return { kind: 'line' };
    case 'always':
      if (isBlank(before)) return { kind: 'body', baseIndent };
      return { kind: leavesBlockOpen(cursor, firstLine) ? 'block' : 'body', baseIndent };
    case 'auto':
      if (oneLineOnly(cursor)) return { kind: 'line' };
      if (isBlank(before)) return { kind: 'body', baseIndent };
      if (leavesBlockOpen(cursor, firstLine)) return { kind: 'block', baseIndent };
      // At the end of a finished line, an answer that starts with a line break is the
      // next statements: as on an empty line at this indentation.
      if (isBlank(firstLine) && isBlank(cursor.lineAfter)) return { kind: 'body', baseIndent };
      return { kind: 'line' };
    default: {
      const unreachable: never = cursor.multiline;
      return unreachable;
    }
  }
}

/**
 * Whether the cursor's line, completed by `firstLine`, opens a block the next
 * lines belong to: the line before the cursor or the completed line ends in an
 * opener (`fn f(` + `n: u32) -> u32 {`), or the completed line leaves a bracket
 * of its own open that the auto-closed characters after the cursor do not close
 * (`x = foo(a,`).
 */
function leavesBlockOpen(cursor: CursorContext, firstLine: string): boolean {
  const { lineBefore: before, lang } = cursor;
  const full = before + firstLine;
  if (opensBlock(before, lang) || opensBlock(full, lang)) return true;
  const open = scanBrackets(full, lang).state.stack.length;
  const closedAfter = scanBrackets(cursor.lineAfter, lang).outerClosers.filter((c) => !c.quote).length;
  return open > closedAfter;
}

/**
 * How many of `lines` (the answer split at newlines, the first starting at the
 * cursor) the scope keeps; `closed` when no later line can belong to it. Judged
 * line by line from the top, so a verdict does not change when more text
 * arrives. `lastIsPartial`: the last line is still streaming; it is judged only
 * as far as its start already tells (its indentation, its first word).
 */
export interface ScopeEnd {
  readonly keep: number;
  readonly closed: boolean;
}

export function scopeEnd(lines: readonly string[], scope: LineScope, lang: LanguageTraits, lastIsPartial = false): ScopeEnd {
  switch (scope.kind) {
    case 'line':
      return CLOSED(1);
    case 'block':
      return blockEnd(lines, scope.baseIndent, lang, lastIsPartial);
    case 'body':
      return bodyEnd(lines, scope.baseIndent);
    default: {
      const unreachable: never = scope;
      return unreachable;
    }
  }
}

const OPEN = (keep: number): ScopeEnd => ({ keep, closed: false });
const CLOSED = (keep: number): ScopeEnd => ({ keep, closed: true });

function startsWithCloser(trimmed: string, lang: LanguageTraits): boolean {
  return /^[)\]}]/.test(trimmed) || (lang.keywordBlocks && /^end\b/.test(trimmed));
}

/**
 * Lines to keep: the block's body (deeper than base) and its closing line at
 * base; `} else {`, `else:` and the like go on.
 */
function blockEnd(lines: readonly string[], base: number, lang: LanguageTraits, lastIsPartial: boolean): ScopeEnd {
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (isBlank(line)) continue;
    const indent = indentWidth(line);
    if (indent > base) continue;
    const trimmed = line.trim();
    const partial = lastIsPartial && i === lines.length - 1;
    if (indent < base) return CLOSED(i);
    // A closer at base may go on (`} else {`), and a first word may grow into `else`: both show only later.
    if (partial && (startsWithCloser(trimmed, lang) || /^\w*$/.test(trimmed))) return OPEN(i);
    if (startsWithCloser(trimmed, lang)) {
      if (opensBlock(trimmed, lang)) continue;
      return CLOSED(i + 1);
    }
    if (CONTINUATION.test(trimmed)) continue;
    return CLOSED(i);
  }
  return OPEN(lines.length);
}

/** Lines to keep: everything until a line dedents below base. */
function bodyEnd(lines: readonly string[], base: number): ScopeEnd {
  // A partial line is judged as soon as it is not blank: its indentation is known.
  for (let i = 1; i < lines.length; i++) {
    if (!isBlank(lines[i]) && indentWidth(lines[i]) < base) return CLOSED(i);
  }
  return OPEN(lines.length);
}
