/** FIM formats: which family a model is, the prompt to send it, and what to cut from its answer. */
export { planFim } from './plan';
export { detectFamily, familyFromTemplate, type FamilyEvidence } from './detect';
export { buildFimPrompt, fimStopTokens, rawFimString } from './prompt';
export { firstLeak, leadingEchoLength, LEADING_ECHO_TOKENS, SPECIAL_TOKEN_PATTERN, stripSpecialTokens } from './special-tokens';
