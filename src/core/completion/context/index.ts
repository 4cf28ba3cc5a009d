/** The context a completion prompt is made of: the window around the cursor and other files. */
export { estimateTokens, charCapForTokens } from './estimate';
export { contextWindow, PREFIX_GRID_CHARS, prefixGrid } from './window';
export { relatedSnippets } from './related';
