/**
 * buildFimPrompt: the exact /api/generate prompt for a plan (docs/reference/fim.md sections 2-4).
 * Prefix and suffix are kept byte-exact: a trailing space or a leading newline
 * changes what the model predicts.
 */
import type { FimFamily, FimInput, FimPlan, FimPrompt, RelatedFile } from '../api';
import { CODEGEMMA, CODELLAMA, CODESTRAL, DEEPSEEK, DEFENSIVE_STOPS, FAMILY_STOPS, QWEN, STARCODER } from './tokens';

/** Stop strings for a plan: the family's own, then defensive ones, without duplicates. */
export function fimStopTokens(plan: FimPlan): readonly string[] {
  switch (plan.kind) {
    case 'raw':
      return unique([...FAMILY_STOPS[plan.family], ...DEFENSIVE_STOPS]);
    case 'insert':
      return unique([...(plan.family ? FAMILY_STOPS[plan.family] : []), ...DEFENSIVE_STOPS]);
    case 'unsupported':
      return [];
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The PSM (or SPM) string of a family around a prefix and suffix. */
export function rawFimString(family: FimFamily, prefix: string, suffix: string): string {
  switch (family) {
    case 'qwen':
      return `${QWEN.prefix}${prefix}${QWEN.suffix}${suffix}${QWEN.middle}`;
    case 'codegemma':
      return `${CODEGEMMA.prefix}${prefix}${CODEGEMMA.suffix}${suffix}${CODEGEMMA.middle}`;
    case 'deepseek':
      return `${DEEPSEEK.begin}${prefix}${DEEPSEEK.hole}${suffix}${DEEPSEEK.end}`;
    case 'codellama':
      // Ollama's template and Meta's infilling_prompt_tokens: a space after <PRE>, before <SUF> and <MID>.
      return `${CODELLAMA.pre} ${prefix} ${CODELLAMA.suf}${suffix} ${CODELLAMA.mid}`;
    case 'codestral':
      // Suffix first, then prefix; no [MIDDLE] (it breaks the output). The space after
      // [PREFIX] is Ollama's template and matches mistral-common, which encodes the
      // prefix with SentencePiece's leading space and the suffix without one.
      return `${CODESTRAL.suffix}${suffix}${CODESTRAL.prefix} ${prefix}`;
    case 'starcoder':
    case 'granite':
    case 'stable-code':
      return `${STARCODER.prefix}${prefix}${STARCODER.suffix}${suffix}${STARCODER.middle}`;
    default: {
      const unreachable: never = family;
      return unreachable;
    }
  }
}

/**
 * Qwen2.5-Coder's repository-level format (QwenLM README section 4): other files
 * first, each as `<|file_sep|>path\ncontent`, the current file last with its path
 * line followed by the FIM string. The other files come before the prefix, so the
 * long stable part of the prompt stays at its start (Ollama reuses its cache).
 */
function qwenRepoLevel(input: FimInput): string {
  const parts: string[] = [];
  if (input.repoName) parts.push(`${QWEN.repoName}${input.repoName}\n`);
  for (const file of input.related) parts.push(`${QWEN.fileSep}${file.path}\n${withNewline(file.text)}`);
  parts.push(`${QWEN.fileSep}${input.path}\n`);
  parts.push(rawFimString('qwen', input.prefix, input.suffix));
  return parts.join('');
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

function hasRelated(related: readonly RelatedFile[]): boolean {
  return related.some((f) => f.text.length > 0);
}

export function buildFimPrompt(plan: FimPlan, input: FimInput): FimPrompt {
  switch (plan.kind) {
    case 'raw':
      return { prompt: rawPrompt(plan.family, input), raw: true, stop: fimStopTokens(plan) };
    case 'insert': {
      // Ollama's template can only render prefix and suffix; other files need the
      // raw repository-level string, which only Qwen documents.
      if (plan.family === 'qwen' && hasRelated(input.related)) {
        return { prompt: qwenRepoLevel(input), raw: true, stop: fimStopTokens(plan) };
      }
      // An empty prompt is Ollama's "load the model" request, and the FIM branch of
      // a template needs both parts non-empty (docs/reference/fim.md section 0, item 4).
      return {
        prompt: input.prefix === '' ? '\n' : input.prefix,
        suffix: input.suffix === '' ? '\n' : input.suffix,
        raw: false,
        stop: fimStopTokens(plan),
      };
    }
    case 'unsupported':
      throw new Error(`buildFimPrompt called for a model that cannot fill in the middle: ${plan.reason}`);
    default: {
      const unreachable: never = plan;
      return unreachable;
    }
  }
}

function rawPrompt(family: FimFamily, input: FimInput): string {
  if (family === 'qwen' && hasRelated(input.related)) return qwenRepoLevel(input);
  return rawFimString(family, input.prefix, input.suffix);
}
