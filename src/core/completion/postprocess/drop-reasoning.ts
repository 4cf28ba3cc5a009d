/**
 * Reasoning never reaches ghost text: a `<think>` block, an unclosed `<think>`
 * (the model spent its budget thinking) or text before a lone `</think>` (R1
 * distills whose template pre-fills the opening tag).
 */
import { splitReasoning } from '../../reasoning/strip';
import { dropped, type Filter } from './filter';

export const dropReasoning: Filter = {
  name: 'drop-reasoning',
  apply(draft) {
    if (!/<\/?think(?:ing)?>/.test(draft.text)) return draft;
    const { reasoning, answer } = splitReasoning(draft.text);
    if (reasoning !== '' && answer.trim() === '') return dropped('the model only produced reasoning (<think>), no code');
    return { ...draft, text: answer };
  },
};
