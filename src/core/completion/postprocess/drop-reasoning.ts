/**
 * Reasoning never reaches ghost text: a `<think>` block, an unclosed `<think>`
 * (the model spent its budget thinking) or text before a lone `</think>` (R1
 * distills whose template pre-fills the opening tag).
 */
import { splitReasoning } from '../../reasoning/strip';
import { dropped, type Filter } from './filter';

const THINK_TAG = /<\/?think(?:ing)?>/;

export const dropReasoning: Filter = {
  name: 'drop-reasoning',
  apply(draft, cursor) {
    if (!THINK_TAG.test(draft.text)) return draft;
    // Code that handles reasoning tags has them in its text: then only an answer
    // that starts with <think> (how reasoning models start) is reasoning.
    const fileHasTags = THINK_TAG.test(cursor.prefix) || THINK_TAG.test(cursor.suffix);
    if (fileHasTags && !/^\s*<think(?:ing)?>/.test(draft.text)) return draft;
    const { reasoning, answer } = splitReasoning(draft.text);
    if (reasoning !== '' && answer.trim() === '') return dropped('the model only produced reasoning (<think>), no code');
    return { ...draft, text: answer };
  },
};
