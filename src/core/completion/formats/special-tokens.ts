/**
 * Special tokens of every FIM family, for cutting a completion where one leaked.
 * A leaked token is never shown: it is how models say "the hole ends here" or
 * start another file, so everything from it on is not part of the completion.
 */
import { CODELLAMA, CODESTRAL, DEEPSEEK, STARCODER } from './tokens';

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const LITERAL_TOKENS: readonly string[] = [
  // StarCoder-style (StarCoder2, Granite Code, Stable Code, CodeQwen 1.5).
  STARCODER.prefix,
  STARCODER.suffix,
  STARCODER.middle,
  STARCODER.pad,
  STARCODER.fileSep,
  STARCODER.repoName,
  '<filename>',
  '<gh_stars>',
  // CodeLlama. Case-sensitive: lower-case <pre> in HTML is not a token.
  CODELLAMA.pre,
  CODELLAMA.suf,
  CODELLAMA.mid,
  CODELLAMA.eot,
  // Codestral / Mistral.
  CODESTRAL.prefix,
  CODESTRAL.suffix,
  CODESTRAL.middle,
  '[INST]',
  '[/INST]',
  // Gemma.
  '<eos>',
  '<bos>',
  '<start_of_turn>',
  '<end_of_turn>',
];

/**
 * Any family's special token:
 * - `<|word|>`: Qwen, CodeGemma, Llama 3, Phi, DeepSeek's ASCII `<|EOT|>`;
 * - `<｜…｜>`: DeepSeek's full-width tokens (`<｜end▁of▁sentence｜>`, `<｜fim▁hole｜>`),
 *   and the same words written with ASCII bars and `▁`, as some Modelfiles do;
 * - the literal tokens above.
 * `</s>` is handled apart (see stripSpecialTokens) because it is also HTML.
 */
export const SPECIAL_TOKEN_PATTERN = new RegExp(
  [
    '<\\|[A-Za-z][A-Za-z0-9_]*\\|>',
    '<[\\uFF5C|][^<>\\n]{1,40}?[\\uFF5C|]>',
    ...LITERAL_TOKENS.map(escape),
  ].join('|'),
);

/** FIM "middle" markers a model sometimes echoes at the very start of its answer. */
const LEADING_ECHO = new RegExp(
  '^(?:' + ['<|fim_middle|>', STARCODER.middle, DEEPSEEK.end, ` ${CODELLAMA.mid}`, CODELLAMA.mid].map(escape).join('|') + ')',
);

const EOS_S = '</s>';

/**
 * The text up to the first leaked special token of any family. A middle marker
 * echoed at the very start is dropped rather than cutting everything.
 */
export function stripSpecialTokens(text: string): string {
  let rest = text;
  while (LEADING_ECHO.test(rest)) rest = rest.replace(LEADING_ECHO, '');
  const match = SPECIAL_TOKEN_PATTERN.exec(rest);
  let end = match ? match.index : rest.length;
  // `</s>` is Llama/Mistral's end of sequence but also HTML's strikethrough end tag:
  // cut there only when the completion did not open an <s> element itself.
  const eos = rest.indexOf(EOS_S);
  if (eos >= 0 && eos < end && !/<s[\s>]/.test(rest.slice(0, eos))) end = eos;
  return rest.slice(0, end);
}
