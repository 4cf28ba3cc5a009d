/**
 * Chat-tuned models sometimes wrap the middle in a markdown fence. A line that is
 * only a fence is never code outside markdown, so: take the inside of a leading
 * fence, and cut at a fence line that closes one the model did not open.
 */
import type { Filter } from './filter';

const OPENING_FENCE = /^\s*```[\w+#.-]*[ \t]*\n/;
const FENCE_LINE = /^[ \t]*```[ \t]*$/m;

export const stripMarkdownFence: Filter = {
  name: 'strip-markdown-fence',
  apply(draft, cursor) {
    if (cursor.languageId === 'markdown' || !draft.text.includes('```')) return draft;
    // Inside a fence already (a docstring with a markdown example): fences are content.
    if ((cursor.prefix.match(/^[ \t]*```/gm)?.length ?? 0) % 2 === 1) return draft;
    let text = draft.text;
    const opening = OPENING_FENCE.exec(text);
    if (opening) text = text.slice(opening[0].length);
    const closing = FENCE_LINE.exec(text);
    if (closing) text = text.slice(0, closing.index).replace(/\n$/, '');
    return text === draft.text ? draft : { ...draft, text };
  },
};
