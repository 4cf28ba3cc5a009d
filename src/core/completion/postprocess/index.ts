/**
 * Post-processing: the model's raw answer in, the ghost text out (or why none).
 * A pipeline of small filters, each in its own file; the order matters:
 * reasoning and leaked tokens go first (they are not code), then the shape of the
 * answer is fixed (fences, loops, scope), then its overlap with the code after the
 * cursor, then whitespace.
 */
import type { PostprocessContext, PostprocessResult } from '../api';
import { balanceBrackets } from './balance-brackets';
import { cursorContext } from './cursor';
import { cutSpecialTokens } from './cut-special-tokens';
import { dropEmpty } from './drop-empty';
import { dropReasoning } from './drop-reasoning';
import { isDropped, type Draft, type Filter } from './filter';
import { limitScope } from './limit-scope';
import { normalizeNewlines } from './normalize-newlines';
import { removeSuffixDuplicateLines } from './remove-suffix-duplicate-lines';
import { replaceClosingSuffix } from './replace-closing-suffix';
import { stopAtRepetition } from './stop-at-repetition';
import { stripMarkdownFence } from './strip-markdown-fence';
import { trimLineOverlap } from './trim-line-overlap';
import { trimTrailingWhitespace } from './trim-trailing-whitespace';

export const FILTERS: readonly Filter[] = [
  dropReasoning,
  cutSpecialTokens,
  normalizeNewlines,
  stripMarkdownFence,
  stopAtRepetition,
  limitScope,
  trimLineOverlap,
  removeSuffixDuplicateLines,
  replaceClosingSuffix,
  balanceBrackets,
  trimTrailingWhitespace,
  dropEmpty,
];

export function postprocess(raw: string, ctx: PostprocessContext): PostprocessResult {
  const cursor = cursorContext(ctx);
  let draft: Draft = { text: raw, replaceSuffixChars: 0 };
  for (const filter of FILTERS) {
    const next = filter.apply(draft, cursor);
    if (isDropped(next)) return { kind: 'dropped', reason: `${filter.name}: ${next.reason}` };
    if (next.text.trim() === '' && filter !== dropEmpty) {
      return { kind: 'dropped', reason: `${filter.name}: nothing left` };
    }
    draft = next;
  }
  return { kind: 'ok', text: draft.text, replaceSuffixChars: draft.replaceSuffixChars };
}

export { lineScope } from './line-scope';
