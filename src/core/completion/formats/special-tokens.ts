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
 *   and the same words written with ASCII bars and `▁` (no spaces), as some Modelfiles do;
 * - the literal tokens above.
 * `</s>` is handled apart (see stripSpecialTokens) because it is also HTML.
 */
export const SPECIAL_TOKEN_PATTERN = new RegExp(
  [
    '<\\|[A-Za-z][A-Za-z0-9_]*\\|>',
    '<\\uFF5C[^<>\\n]{1,40}?[\\uFF5C|]>',
    // ASCII bars only around a spaceless word, so F#/Elm's `a <| b |> c` is code.
    '<\\|[^\\s<>|]{1,40}\\|>',
    ...LITERAL_TOKENS.map(escape),
  ].join('|'),
);

/**
 * FIM "middle" markers a model sometimes echoes at the very start of its answer.
 * Never sent as stop strings: Ollama would stop at character 0 and show nothing.
 */
export const LEADING_ECHO_TOKENS: readonly string[] = ['<|fim_middle|>', STARCODER.middle, DEEPSEEK.end, CODELLAMA.mid];

const LEADING_ECHO = new RegExp('^(?:' + [...LEADING_ECHO_TOKENS, ` ${CODELLAMA.mid}`].map(escape).join('|') + ')');

const EOS_S = '</s>';

const GLOBAL_PATTERN = new RegExp(SPECIAL_TOKEN_PATTERN.source, 'g');

/** How many characters of middle markers `text` starts with (tokens the file itself holds excepted). */
export function leadingEchoLength(text: string, isContent: (token: string) => boolean = () => false): number {
  let at = 0;
  for (let echo = LEADING_ECHO.exec(text); echo && !isContent(echo[0].trim()); echo = LEADING_ECHO.exec(text.slice(at))) {
    at += echo[0].length;
  }
  return at;
}

/**
 * Where the first leaked special token of any family starts in `text`, or -1.
 * `isContent` says a token is the file's own text (code that builds prompts has
 * `<|im_start|>` in its strings): those are not leaks.
 */
export function firstLeak(text: string, isContent: (token: string) => boolean = () => false): number {
  let end = -1;
  for (const match of text.matchAll(GLOBAL_PATTERN)) {
    if (isContent(match[0])) continue;
    end = match.index;
    break;
  }
  // `</s>` is Llama/Mistral's end of sequence but also HTML's strikethrough end tag:
  // cut there only when the completion did not open an <s> element itself.
  const eos = text.indexOf(EOS_S);
  if (eos >= 0 && (end < 0 || eos < end) && !/<s[\s>]/.test(text.slice(0, eos)) && !isContent(EOS_S)) end = eos;
  return end;
}

/** The text up to the first leaked special token, a middle marker echoed at the very start dropped rather than cutting everything. */
export function stripSpecialTokens(text: string, isContent: (token: string) => boolean = () => false): string {
  const rest = text.slice(leadingEchoLength(text, isContent));
  const end = firstLeak(rest, isContent);
  return end < 0 ? rest : rest.slice(0, end);
}
