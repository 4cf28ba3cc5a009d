/**
 * Cuts at the first leaked special token of any family (`<｜end▁of▁sentence｜>`,
 * `<|file_sep|>`, `<EOT>`, `<|endoftext|>`...): stop strings catch most, but a
 * model of another family than the one detected, or a token split oddly, slips
 * through, and a token in the buffer is worse than a short completion.
 * Tokens that the code around the cursor contains are kept: they are content.
 */
import { stripSpecialTokens } from '../formats/special-tokens';
import type { Filter } from './filter';

export const cutSpecialTokens: Filter = {
  name: 'cut-special-tokens',
  apply(draft, cursor) {
    // A token the file itself contains near the cursor is code (a prompt builder), not a leak.
    const text = stripSpecialTokens(draft.text, (token) => cursor.prefix.includes(token) || cursor.suffix.includes(token));
    return text === draft.text ? draft : { ...draft, text };
  },
};
