/**
 * Which FIM family a model belongs to, from what /api/show says about it.
 *
 * Evidence, strongest first:
 * 1. FIM tokens in the TEMPLATE (the model's own Modelfile says how it infills);
 * 2. the name of a FIM-trained code family, accepted only when nothing contradicts
 *    it: no reasoning template, no chat fine-tune marker (Dolphin, Hermes, R1...), and
 *    an architecture/family that such a model really has;
 * 3. an architecture only FIM-trained code models have (StarCoder's), under any name.
 * A name alone never wins over a template that says otherwise: `deepseek-r1` is a
 * chat model with DeepSeek's tokens in its template, not a deepseek-coder.
 */
import type { ModelInfo } from '../../ollama/types';
import type { FimFamily } from '../api';
import { CODELLAMA, CODESTRAL, DEEPSEEK, QWEN, STARCODER } from './tokens';

export type FamilyEvidence =
  | { readonly kind: 'template'; readonly family: FimFamily }
  | { readonly kind: 'name'; readonly family: FimFamily }
  | { readonly kind: 'architecture'; readonly family: FimFamily }
  | { readonly kind: 'none'; readonly why: string };

/** DeepSeek's FIM begin token, also when a Modelfile spelled it with ASCII `|` or `_`. */
const DEEPSEEK_FIM_IN_TEMPLATE = /<[\uFF5C|]fim[\u2581_ ]begin[\uFF5C|]>/;

/** Family from FIM tokens in a template, or undefined when it has none. */
export function familyFromTemplate(template: string, info: Pick<ModelInfo, 'details' | 'architecture' | 'name'>): FimFamily | undefined {
  if (template.includes(QWEN.prefix)) {
    // Qwen2.5-Coder and CodeGemma share <|fim_prefix|>; their chat formats differ.
    if (template.includes('<start_of_turn>') || template.includes('<|file_separator|>')) return 'codegemma';
    if (template.includes(QWEN.imStart) || template.includes(QWEN.fileSep) || template.includes(QWEN.repoName)) return 'qwen';
    return isGemma(info) ? 'codegemma' : 'qwen';
  }
  if (template.includes(DEEPSEEK.begin) || DEEPSEEK_FIM_IN_TEMPLATE.test(template)) return 'deepseek';
  if (template.includes(CODELLAMA.pre) && template.includes(CODELLAMA.suf)) return 'codellama';
  if (template.includes(CODESTRAL.suffix) || template.includes(CODESTRAL.prefix)) return 'codestral';
  if (template.includes(STARCODER.prefix)) return starcoderStyleFamily(info);
  return undefined;
}

function lower(values: readonly (string | undefined)[]): string[] {
  return values.filter((v): v is string => typeof v === 'string' && v !== '').map((v) => v.toLowerCase());
}

/** Architecture and family names from /api/show, lower-cased. */
function architectures(info: Pick<ModelInfo, 'details' | 'architecture'>): string[] {
  return lower([info.architecture, info.details.family, ...(info.details.families ?? [])]);
}

function isGemma(info: Pick<ModelInfo, 'details' | 'architecture'>): boolean {
  return architectures(info).some((a) => a.startsWith('gemma'));
}

/** StarCoder2, Granite Code and Stable Code share StarCoder's tokens; tell them apart for the log. */
function starcoderStyleFamily(info: Pick<ModelInfo, 'details' | 'architecture' | 'name'>): FimFamily {
  const arch = architectures(info);
  const name = info.name.toLowerCase();
  if (arch.some((a) => a.startsWith('stablelm')) || name.includes('stable-code')) return 'stable-code';
  if (arch.some((a) => a.startsWith('granite')) || name.includes('granite')) return 'granite';
  return 'starcoder';
}

/**
 * Name patterns of FIM-trained code families, with the architectures such a model
 * has in GGUF (`general.architecture`) or in details.family. An empty list of
 * architectures would accept anything; every family lists its real ones.
 */
const NAME_HINTS: readonly {
  readonly pattern: RegExp;
  readonly family: FimFamily;
  readonly archs: readonly string[];
  /** Tags of the family that are not FIM-trained. */
  readonly exclude?: RegExp;
}[] = [
  { pattern: /qwen2(?:\.5)?-?coder/, family: 'qwen', archs: ['qwen2'] },
  { pattern: /deepseek-coder/, family: 'deepseek', archs: ['llama', 'deepseek2', 'deepseek'] },
  // Ollama's docs: 34B/70B and the instruct and Python fine-tunes do not fill in the middle.
  { pattern: /codellama|code-llama/, family: 'codellama', archs: ['llama'], exclude: /instruct|python|\b34b|\b70b/ },
  { pattern: /starcoder/, family: 'starcoder', archs: ['starcoder2', 'starcoder', 'gpt_bigcode', 'bigcode'] },
  { pattern: /codestral/, family: 'codestral', archs: ['llama', 'mistral'] },
  // CodeGemma 7B-it is the chat model; only the code (pretrained) tags infill.
  { pattern: /codegemma/, family: 'codegemma', archs: ['gemma'], exclude: /instruct|[-:]it\b/ },
  { pattern: /granite-?code/, family: 'granite', archs: ['llama', 'granite', 'starcoder', 'gpt_bigcode'] },
  { pattern: /stable-?code/, family: 'stable-code', archs: ['stablelm'] },
];

/** Architectures that only FIM-trained code models have. */
const FIM_ONLY_ARCHS: readonly string[] = ['starcoder2', 'starcoder', 'gpt_bigcode'];

/**
 * Chat fine-tunes whose training overwrote infilling, even on FIM-trained bases
 * (dolphincoder is StarCoder2 underneath), and reasoning distills.
 */
const CHAT_FINETUNE = /dolphin|hermes|wizard|vicuna|(?:^|[-_:/.])r1(?:$|[-_:/.])|everythinglm|orca/;

/** `<think>` in the template or the `thinking` capability: a reasoning chat model. */
function isReasoningModel(info: ModelInfo): boolean {
  return info.capabilities.has('thinking') || /<think(?:ing)?>/.test(info.template);
}

/** The short name without the registry host and namespace, lower-cased (`huihui_ai/x:7b` -> `x:7b`). */
function baseName(name: string): string {
  const lowerName = name.toLowerCase();
  const slash = lowerName.lastIndexOf('/');
  return slash < 0 ? lowerName : lowerName.slice(slash + 1);
}

export function detectFamily(info: ModelInfo): FamilyEvidence {
  const fromTemplate = familyFromTemplate(info.template, info);
  if (fromTemplate) return { kind: 'template', family: fromTemplate };
  if (isReasoningModel(info)) {
    return { kind: 'none', why: 'it is a reasoning chat model (its template has <think> or it reports the thinking capability), not trained to fill in the middle' };
  }
  const name = baseName(info.name);
  if (CHAT_FINETUNE.test(name)) {
    return { kind: 'none', why: 'it is a chat fine-tune and its template has no fill-in-the-middle tokens' };
  }
  const arch = architectures(info);
  const hint = NAME_HINTS.find((h) => h.pattern.test(name));
  if (!hint) {
    // StarCoder architectures exist only as FIM-trained code models (chat
    // fine-tunes such as dolphincoder were refused above by name).
    if (arch.some((a) => FIM_ONLY_ARCHS.includes(a))) return { kind: 'architecture', family: 'starcoder' };
    return { kind: 'none', why: 'its template has no fill-in-the-middle tokens and it is not a known FIM-trained code family' };
  }
  if (hint.exclude?.test(name)) {
    return { kind: 'none', why: `this ${hint.family} tag is a chat/instruct fine-tune that was not trained to fill in the middle` };
  }
  if (arch.length > 0 && !arch.some((a) => hint.archs.some((h) => a === h || a.startsWith(h)))) {
    return {
      kind: 'none',
      why: `its name suggests ${hint.family} but its architecture (${arch.join(', ')}) is not that family's, and its template has no fill-in-the-middle tokens`,
    };
  }
  return { kind: 'name', family: hint.family };
}
