export { ReasoningSplitter, type ReasoningChunk, type ReasoningDelta, type ReasoningSplitterOptions } from './splitter';
export { splitReasoning, stripReasoning, type SplitText } from './strip';
export { templatePrefillsThink } from './prefill';
