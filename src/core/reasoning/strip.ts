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
