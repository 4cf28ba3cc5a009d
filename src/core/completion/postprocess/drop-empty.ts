/** Nothing to show: only whitespace, or only retyping the characters it replaces. */
import { dropped, type Filter } from './filter';

export const dropEmpty: Filter = {
  name: 'drop-empty',
  apply(draft, cursor) {
    if (draft.text.trim() === '') return dropped('nothing but whitespace');
    if (draft.replaceSuffixChars > 0 && draft.text === cursor.suffix.slice(0, draft.replaceSuffixChars)) {
      return dropped('the completion only retypes the text after the cursor');
    }
    return draft;
  },
};
