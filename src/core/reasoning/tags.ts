/** The reasoning tags models emit inline, and helpers to spot them across chunk boundaries. */

export interface TagPair {
  readonly open: string;
  readonly close: string;
}

/** `<think>` (DeepSeek R1, Qwen3, most distills) and `<thinking>` (some fine-tunes). */
export const TAG_PAIRS: readonly TagPair[] = [
  { open: '<think>', close: '</think>' },
  { open: '<thinking>', close: '</thinking>' },
];

/**
 * Whether `tail` (the end of what has arrived) could be the start of one of `tags`,
 * so it has to wait for the next chunk before it is classified.
 */
export function couldStartTag(tail: string, tags: readonly string[]): boolean {
  return tags.some((tag) => tag.length > tail.length && tag.startsWith(tail));
}

/** The longest suffix of `text` that could start one of `tags` (at most the longest tag minus one). */
export function pendingTagSuffix(text: string, tags: readonly string[]): number {
  const lt = text.lastIndexOf('<');
  if (lt < 0) return 0;
  const tail = text.slice(lt);
  return couldStartTag(tail, tags) ? tail.length : 0;
}
