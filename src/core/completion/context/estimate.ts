/**
 * A cheap token estimate, good enough to size a prompt without a tokenizer.
 *
 * BPE code tokenizers spend about one token per 3.5 characters of ordinary code,
 * but runs of indentation merge into few tokens, and punctuation-dense text
 * (minified code, operators) costs more per character. So: visible characters at
 * ~3.5 per token, plus a share for each symbol, plus whitespace runs (a single
 * space between words is free, it is part of the next word's token).
 */
const CHARS_PER_TOKEN = 3.5;
/** Extra tokens per punctuation character on top of the per-character share. */
const SYMBOL_EXTRA = 0.3;
/** Characters of a whitespace run (newline plus indentation) per token, after its first. */
const WHITESPACE_PER_TOKEN = 8;

/** A single space belongs to the next word's token; longer runs are about one token per 8 characters. */
function whitespaceRunTokens(run: number, single: boolean): number {
  return single ? 0 : 1 + Math.floor(run / WHITESPACE_PER_TOKEN);
}

export function estimateTokens(text: string): number {
  if (text === '') return 0;
  let visible = 0;
  let symbols = 0;
  let whitespaceTokens = 0;
  let run = 0;
  let single = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || code === 9 || code === 10 || code === 13) {
      single = run === 0 && code === 32;
      run++;
      continue;
    }
    if (run > 0) {
      whitespaceTokens += whitespaceRunTokens(run, single && run === 1);
      run = 0;
    }
    visible++;
    if (isSymbol(code)) symbols++;
  }
  if (run > 0) whitespaceTokens += whitespaceRunTokens(run, single && run === 1);
  return Math.ceil(visible / CHARS_PER_TOKEN + symbols * SYMBOL_EXTRA + whitespaceTokens);
}

/** ASCII punctuation: `!`..`/`, `:`..`@`, `[`..`` ` ``, `{`..`~`. */
function isSymbol(code: number): boolean {
  return (code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96) || (code >= 123 && code <= 126);
}

/**
 * The most characters that can hold `tokens` tokens: what a window may read before
 * it estimates. Whitespace-heavy code can exceed 3.5 chars a token, so allow 5.
 */
export function charCapForTokens(tokens: number): number {
  return Math.max(0, Math.floor(tokens * 5));
}
