/** Reasoning removed from a whole string (completion output, a finished chat message). */
import { ReasoningSplitter, type ReasoningSplitterOptions } from './splitter';

export interface SplitText {
  readonly reasoning: string;
  readonly answer: string;
}

export function splitReasoning(text: string, options: ReasoningSplitterOptions = {}): SplitText {
  const splitter = new ReasoningSplitter(options);
  let reasoning = '';
  let answer = '';
  for (const delta of [splitter.push({ content: text }), splitter.finish()]) {
    if (delta.retractAnswer) answer = answer.slice(0, answer.length - delta.retractAnswer);
    reasoning += delta.reasoning;
    answer += delta.answer;
  }
  return { reasoning, answer };
}

/** The answer without any `<think>` block, unclosed `<think>` or text before a lone `</think>`. */
export function stripReasoning(text: string): string {
  return splitReasoning(text).answer;
}

const THINK_TAG = /<\/?think(?:ing)?>/;
const STARTS_WITH_THINK = /^\s*<think(?:ing)?>/;

/** Whether `text` contains a reasoning tag (`<think>`, `</thinking>`...). */
export function hasThinkTag(text: string): boolean {
  return THINK_TAG.test(text);
}

/**
 * Whether a completion's `text` holds reasoning to remove. Code that handles
 * reasoning tags (`codeHasTags`: the text around the cursor contains them) writes
 * them as code; then only an answer that starts with `<think>`, as reasoning
 * models start, is reasoning.
 */
export function holdsReasoning(text: string, codeHasTags: boolean): boolean {
  if (!hasThinkTag(text)) return false;
  return !codeHasTags || STARTS_WITH_THINK.test(text);
}
