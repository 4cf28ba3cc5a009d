/**
 * The literal FIM strings of each family (docs/reference/fim.md section 2). Kept in one table so
 * the prompt builder, the stop lists and the leak filter cannot disagree.
 *
 * DeepSeek's tokens use U+FF5C FULLWIDTH VERTICAL LINE and U+2581 LOWER ONE EIGHTH
 * BLOCK, not ASCII `|` and `_`: a copy with ASCII characters is plain text to the
 * tokenizer and the model never sees a hole.
 */
import type { FimFamily } from '../api';

const BAR = '\uFF5C';
const SEP = '\u2581';

/** `<｜name▁with▁parts｜>` with DeepSeek's own characters. */
export function deepseekToken(...words: string[]): string {
  return `<${BAR}${words.join(SEP)}${BAR}>`;
}

export const DEEPSEEK = {
  begin: deepseekToken('fim', 'begin'),
  hole: deepseekToken('fim', 'hole'),
  end: deepseekToken('fim', 'end'),
  endOfSentence: deepseekToken('end', 'of', 'sentence'),
  beginOfSentence: deepseekToken('begin', 'of', 'sentence'),
} as const;

export const QWEN = {
  prefix: '<|fim_prefix|>',
  suffix: '<|fim_suffix|>',
  middle: '<|fim_middle|>',
  pad: '<|fim_pad|>',
  repoName: '<|repo_name|>',
  fileSep: '<|file_sep|>',
  endOfText: '<|endoftext|>',
  imStart: '<|im_start|>',
  imEnd: '<|im_end|>',
} as const;

export const STARCODER = {
  prefix: '<fim_prefix>',
  suffix: '<fim_suffix>',
  middle: '<fim_middle>',
  pad: '<fim_pad>',
  fileSep: '<file_sep>',
  repoName: '<repo_name>',
  endOfText: '<|endoftext|>',
} as const;

export const CODEGEMMA = {
  prefix: '<|fim_prefix|>',
  suffix: '<|fim_suffix|>',
  middle: '<|fim_middle|>',
  fileSeparator: '<|file_separator|>',
  eos: '<eos>',
} as const;

export const CODELLAMA = { pre: '<PRE>', suf: '<SUF>', mid: '<MID>', eot: '<EOT>', eos: '</s>' } as const;

export const CODESTRAL = { prefix: '[PREFIX]', suffix: '[SUFFIX]', middle: '[MIDDLE]', eos: '</s>' } as const;

/**
 * Stop strings per family, as the model cards and docs/reference/fim.md list them. Stop text is
 * not included in Ollama's `response`.
 */
export const FAMILY_STOPS: Readonly<Record<FimFamily, readonly string[]>> = {
  qwen: [
    QWEN.endOfText,
    QWEN.fileSep,
    QWEN.prefix,
    QWEN.suffix,
    QWEN.middle,
    QWEN.pad,
    QWEN.repoName,
    QWEN.imStart,
    QWEN.imEnd,
  ],
  deepseek: [DEEPSEEK.endOfSentence, DEEPSEEK.begin, DEEPSEEK.hole, DEEPSEEK.end, '<|EOT|>'],
  codellama: [CODELLAMA.eot, CODELLAMA.eos, CODELLAMA.pre, CODELLAMA.suf, CODELLAMA.mid],
  starcoder: [STARCODER.endOfText, STARCODER.fileSep, STARCODER.prefix, STARCODER.suffix, STARCODER.middle, STARCODER.pad],
  codestral: [CODESTRAL.eos, CODESTRAL.prefix, CODESTRAL.suffix, CODESTRAL.middle],
  codegemma: [CODEGEMMA.fileSeparator, CODEGEMMA.prefix, CODEGEMMA.suffix, CODEGEMMA.middle, CODEGEMMA.eos],
  granite: [STARCODER.endOfText, STARCODER.prefix, STARCODER.middle, STARCODER.suffix, STARCODER.pad, STARCODER.fileSep],
  'stable-code': [STARCODER.endOfText, STARCODER.prefix, STARCODER.suffix, STARCODER.middle, STARCODER.pad],
};

/**
 * Sent to every family on top of its own list: end markers that never occur in
 * source code, so a model that continues past the hole (into another file or a
 * chat turn) stops instead of filling the budget. `\n\n\n` ends a completion at a
 * large gap, which is where a definition ends (docs/reference/fim.md section 4).
 */
export const DEFENSIVE_STOPS: readonly string[] = [
  QWEN.endOfText,
  QWEN.fileSep,
  CODEGEMMA.fileSeparator,
  DEEPSEEK.endOfSentence,
  '<|EOT|>',
  CODELLAMA.eot,
  '\n\n\n',
];
