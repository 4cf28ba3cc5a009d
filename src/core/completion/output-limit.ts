/**
 * How much of a model's answer a completion reads. Ollama stops at num_predict,
 * but a broken or hostile server need not: the client enforces the same limit,
 * and a character limit too, since one NDJSON line can carry any amount of text.
 */

/** Characters a token may average before the answer counts as runaway (real tokens average about 4). */
export const CHARS_PER_TOKEN_LIMIT = 16;

export interface OutputLimit {
  readonly tokens: number;
  readonly chars: number;
}

/** The limit for a request that asked for `numPredict` tokens (-1 or missing: Ollama's "no limit", so ours applies). */
export function outputLimit(numPredict: unknown): OutputLimit {
  const tokens = typeof numPredict === 'number' && Number.isFinite(numPredict) && numPredict > 0 ? Math.floor(numPredict) : 2048;
  return { tokens, chars: tokens * CHARS_PER_TOKEN_LIMIT };
}
