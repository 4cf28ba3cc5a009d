/**
 * Post-processing: the model's raw answer in, the ghost text out (or why none).
 * First the answer is shaped (shape.ts: reasoning, leaked tokens, fences, echoes,
 * how far it reaches, loops), exactly as the generation shaped it while it
 * streamed; then small filters, each in its own file, fit it to the code after
 * the cursor, then whitespace.
 */
import type { PostprocessContext, PostprocessResult } from '../api';
import { balanceBrackets } from './balance-brackets';
import { cursorContext, type CursorContext } from './cursor';
import { dropEmpty } from './drop-empty';
import { isDropped, type Draft, type Filter } from './filter';
import { removeSuffixDuplicateLines } from './remove-suffix-duplicate-lines';
import { replaceClosingSuffix } from './replace-closing-suffix';
import { shapeAnswer } from './shape';
import { trimLineOverlap } from './trim-line-overlap';
import { trimTrailingWhitespace } from './trim-trailing-whitespace';

export const FILTERS: readonly Filter[] = [
  trimLineOverlap,
  removeSuffixDuplicateLines,
  replaceClosingSuffix,
  balanceBrackets,
  trimTrailingWhitespace,
  dropEmpty,
];

/** `stops`: the format's stop strings (what the generation also cut at). */
export function postprocess(raw: string, ctx: PostprocessContext | CursorContext, stops: readonly string[] = []): PostprocessResult {
  const cursor = 'lang' in ctx ? ctx : cursorContext(ctx);
  const shaped = shapeAnswer(raw, cursor, { final: true, stops });
  if (shaped.kind === 'dropped') return shaped;
  let draft: Draft = { text: shaped.text, replaceSuffixChars: 0 };
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

export { cursorContext, type CursorContext } from './cursor';
export { lineScope, oneLineOnly } from './line-scope';
export { shapeAnswer, type AnswerEnd, type Shaped } from './shape';
