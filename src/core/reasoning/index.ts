export { ReasoningSplitter, type ReasoningChunk, type ReasoningDelta, type ReasoningSplitterOptions } from './splitter';
export { hasThinkTag, holdsReasoning, splitReasoning, stripReasoning, type SplitText } from './strip';
export { answerStartsInReasoning, templatePrefillsThink } from './prefill';
