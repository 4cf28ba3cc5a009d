/** `\r\n` to `\n`: the filters work on `\n` lines; the editor applies the document's own line endings. */
import type { Filter } from './filter';

export const normalizeNewlines: Filter = {
  name: 'normalize-newlines',
  apply(draft) {
    return draft.text.includes('\r') ? { ...draft, text: draft.text.replace(/\r\n?/g, '\n') } : draft;
  },
};
