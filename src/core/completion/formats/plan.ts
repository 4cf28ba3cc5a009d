/**
 * planFim: how to ask a model to fill in the middle, from /api/show.
 */
import type { ModelInfo } from '../../ollama/types';
import type { FimPlan } from '../api';
import { detectFamily } from './detect';

/** Servers older than v0.6.4 send no capabilities; their template tells (docs/reference/fim.md section 0). */
const SUFFIX_IN_TEMPLATE = /\.suffix\b/i;

export function planFim(info: ModelInfo): FimPlan {
  const evidence = detectFamily(info);
  const insert = info.capabilities.has('insert') || (info.capabilitiesInferred && SUFFIX_IN_TEMPLATE.test(info.template));
  if (insert) {
    // Ollama renders the model's own FIM template; the family only picks stop strings.
    return evidence.kind === 'none' ? { kind: 'insert' } : { kind: 'insert', family: evidence.family };
  }
  switch (evidence.kind) {
    case 'template':
    case 'name':
    case 'architecture':
      // FIM-trained weights under a template without .Suffix (community and
      // abliterated builds): the family's own tokens in raw mode work.
      return { kind: 'raw', family: evidence.family };
    case 'none':
      return {
        kind: 'unsupported',
        reason: `${info.name} cannot complete code inline: ${evidence.why}. Pick a code model such as qwen2.5-coder:1.5b-base for completions and keep ${info.name} for chat.`,
      };
    default: {
      const unreachable: never = evidence;
      return unreachable;
    }
  }
}
