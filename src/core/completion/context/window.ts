/**
 * The slice of the document a completion prompt is made of.
 *
 * Two constraints shape it:
 * - Cost: a document may be 10 MB, or one 2 MB minified line. Only bounded slices
 *   around the cursor are read, capped in characters from the token budget.
 * - Ollama's prompt cache: it reuses the KV cache for the longest common start of
 *   consecutive prompts. If the prefix started a fixed distance before the cursor,
 *   every keystroke would shift it and the whole prompt would be evaluated again.
 *   So the start is snapped to a grid of positions (multiples of GRID characters)
 *   and then forward to the next line start: consecutive keystrokes get the same
 *   start until the cursor has moved a whole grid step. On a single giant line
 *   there is no line start to snap to, and the grid point itself is the start.
 */
import type { ContextBudget, ContextWindow, TextSnapshot } from '../api';
import { charCapForTokens, estimateTokens } from './estimate';

/**
 * Characters between the positions the prefix may start at. Small budgets get a
 * finer grid (a quarter of the cap, a power of two) so the prefix is never empty.
 */
export const PREFIX_GRID_CHARS = 512;

export function prefixGrid(capChars: number): number {
  if (capChars >= PREFIX_GRID_CHARS * 4) return PREFIX_GRID_CHARS;
  return Math.max(1, 2 ** Math.floor(Math.log2(Math.max(1, capChars / 4))));
}
/** Never read more than this before the cursor, whatever the budget says. */
const MAX_PREFIX_CHARS = 256 * 1024;
const MAX_SUFFIX_CHARS = 64 * 1024;

export function contextWindow(doc: TextSnapshot, offset: number, budget: ContextBudget): ContextWindow {
  const cursor = Math.max(0, Math.min(offset, doc.length));
  const prefixCap = Math.min(MAX_PREFIX_CHARS, charCapForTokens(budget.prefixTokens));
  const { prefix, prefixStart } = prefixWindow(doc, cursor, prefixCap, budget.prefixTokens);
  const suffixCap = Math.min(MAX_SUFFIX_CHARS, charCapForTokens(budget.suffixTokens));
  const { suffix, suffixEnd } = suffixWindow(doc, cursor, suffixCap, budget.suffixTokens);
  return { prefix, suffix, prefixStart, suffixEnd };
}

function prefixWindow(doc: TextSnapshot, cursor: number, cap: number, tokens: number): { prefix: string; prefixStart: number } {
  if (cap <= 0 || tokens <= 0) return { prefix: '', prefixStart: cursor };
  const earliest = Math.max(0, cursor - cap);
  // The first grid point at or after the earliest allowed start (0 near the top of a file).
  const grid = prefixGrid(cap);
  const anchor = Math.min(cursor, Math.ceil(earliest / grid) * grid);
  // One character more before the grid point, to know whether it starts a line.
  const readFrom = anchor > 0 ? anchor - 1 : 0;
  const text = doc.slice(readFrom, cursor);
  const at = (step: number) => snapToLine(text, anchor - readFrom + step * grid);
  let start = at(0);
  if (estimateTokens(text.slice(start)) > tokens) {
    // Dense text is over budget: start at a later grid step (still stable). The
    // estimate shrinks as the start moves on, so binary-search the first step that fits.
    const steps = Math.ceil((cursor - anchor) / grid);
    let lo = 1;
    let hi = steps;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (estimateTokens(text.slice(at(mid))) <= tokens) hi = mid;
      else lo = mid + 1;
    }
    start = lo >= steps ? text.length : at(lo);
  }
  return { prefix: text.slice(start), prefixStart: readFrom + start };
}

/**
 * The first line start at or after `from` in `text`, or `from` itself when no
 * line starts between it and the cursor (a long line: the char grid). Position 0
 * is the start of the document (the caller reads one character before any other
 * grid point).
 */
function snapToLine(text: string, from: number): number {
  if (from === 0 || from >= text.length) return Math.min(from, text.length);
  if (text[from - 1] === '\n') return from;
  const newline = text.indexOf('\n', from);
  return newline < 0 ? from : newline + 1;
}

/**
 * After the cursor: the text up to the cap, ending at a line end when there is one
 * past the cursor's own line. Typing at the cursor shifts this text along with the
 * offset, so its content stays the same between keystrokes.
 */
function suffixWindow(doc: TextSnapshot, cursor: number, cap: number, tokens: number): { suffix: string; suffixEnd: number } {
  if (cap <= 0 || tokens <= 0) return { suffix: '', suffixEnd: cursor };
  const end = Math.min(doc.length, cursor + cap);
  let text = doc.slice(cursor, end);
  if (end < doc.length) {
    const firstNewline = text.indexOf('\n');
    const lastNewline = text.lastIndexOf('\n');
    if (firstNewline >= 0 && lastNewline > firstNewline) text = text.slice(0, lastNewline + 1);
  }
  // Trim whole lines from the end until the estimate fits.
  while (text.length > 0 && estimateTokens(text) > tokens) {
    const cut = text.lastIndexOf('\n', text.length - 2);
    text = cut <= 0 ? text.slice(0, Math.floor(text.length / 2)) : text.slice(0, cut + 1);
  }
  return { suffix: text, suffixEnd: cursor + text.length };
}
