/**
 * Reasoning never reaches ghost text: a `<think>` block, an unclosed `<think>`
 * (the model spent its budget thinking) or text before a lone `</think>` (R1
 * distills whose template pre-fills the opening tag).
 */
import { hasThinkTag, holdsReasoning, splitReasoning } from '../../reasoning/strip';
import { dropped, type Filter } from './filter';

export const dropReasoning: Filter = {
  name: 'drop-reasoning',
  apply(draft, cursor) {
    // Checked first so the window is scanned for tags only when the answer has one.
    if (!hasThinkTag(draft.text)) return draft;
    if (!holdsReasoning(draft.text, hasThinkTag(cursor.prefix) || hasThinkTag(cursor.suffix))) return draft;
    const { reasoning, answer } = splitReasoning(draft.text);
    if (reasoning !== '' && answer.trim() === '') return dropped('the model only produced reasoning (<think>), no code');
    return { ...draft, text: answer };
  },
};
