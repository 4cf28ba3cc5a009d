/**
 * Every PARAMETER name Ollama knows or knew, with its type, default and what
 * it does (docs/reference/modelfile.md section 4). The names of `api.Options`
 * are what `ollama create` accepts; deprecated ones are dropped with a warning;
 * removed ones fail as unknown.
 */

export type ParameterType = 'int' | 'float' | 'bool' | 'string';

export interface ParameterDoc {
  readonly name: string;
  readonly type: ParameterType;
  readonly default: string;
  readonly doc: string;
  readonly status: 'current' | 'deprecated' | 'removed';
  /** For deprecated and removed names: since when. */
  readonly since?: string;
  /** `stop` may repeat; its values form a list. */
  readonly repeatable?: boolean;
}

const current = (name: string, type: ParameterType, def: string, doc: string, repeatable = false): ParameterDoc => ({
  name,
  type,
  default: def,
  doc,
  status: 'current',
  ...(repeatable ? { repeatable } : {}),
});

export const PARAMETERS: readonly ParameterDoc[] = [
  current('num_ctx', 'int', '4096 (Ollama v0.15.5+ picks 4096, 32768 or 262144 by VRAM, or OLLAMA_CONTEXT_LENGTH)', 'Size of the context window in tokens. Capped to the context the model was trained with.'),
  current('num_predict', 'int', '-1', 'Most tokens to generate. -1 generates until the model stops.'),
  current('temperature', 'float', '0.8', 'Higher values make answers more varied, lower ones more focused.'),
  current('top_k', 'int', '40', 'Samples only from the k most likely tokens. Lower is more conservative.'),
  current('top_p', 'float', '0.9', 'Samples from the smallest set of tokens whose probabilities add up to p.'),
  current('min_p', 'float', '0.0', 'Drops tokens whose probability is below p times that of the most likely token.'),
  current('typical_p', 'float', '1.0', 'Locally typical sampling; 1.0 turns it off.'),
  current('repeat_last_n', 'int', '64', 'How far back to look for repetitions. 0 turns it off, -1 means num_ctx.'),
  current('repeat_penalty', 'float', '1.0 (1.1 before Ollama v0.17.5)', 'How strongly to penalise repetitions.'),
  current('presence_penalty', 'float', '0.0', 'Penalises tokens that already appeared at all.'),
  current('frequency_penalty', 'float', '0.0', 'Penalises tokens by how often they already appeared.'),
  current('seed', 'int', '-1 (random)', 'Random seed; the same seed and prompt give the same answer.'),
  current('stop', 'string', 'defined by the model', 'A stop sequence: generation ends when the model writes it. Repeat the line for several. Quote it if it has leading or trailing spaces.', true),
  current('num_keep', 'int', '4', 'Tokens kept from the start of the prompt when the context shifts.'),
  current('num_batch', 'int', '512', 'Prompt tokens processed at once.'),
  current('num_gpu', 'int', '-1 (automatic)', 'Layers offloaded to the GPU.'),
  current('main_gpu', 'int', 'unset', 'The GPU that holds small tensors when a model spans several GPUs.'),
  current('use_mmap', 'bool', 'unset (automatic)', 'Map the model file into memory instead of reading it.'),
  current('num_thread', 'int', '0 (automatic)', 'CPU threads used for generation.'),
  current('draft_num_predict', 'int', '4 with a DRAFT model, else 0', 'Tokens the draft model proposes per step (Ollama v0.30.0+).'),
  ...(['penalize_newline', 'low_vram', 'f16_kv', 'logits_all', 'vocab_only', 'use_mlock'] as const).map(
    (name): ParameterDoc => ({ name, type: 'bool', default: '-', doc: 'Deprecated: Ollama ignores it.', status: 'deprecated', since: 'v0.5.5' }),
  ),
  { name: 'mirostat', type: 'int', default: '0', doc: 'Deprecated: Ollama ignores it (Mirostat sampling was removed).', status: 'deprecated', since: 'v0.7.0' },
  { name: 'mirostat_eta', type: 'float', default: '0.1', doc: 'Deprecated: Ollama ignores it.', status: 'deprecated', since: 'v0.7.0' },
  { name: 'mirostat_tau', type: 'float', default: '5.0', doc: 'Deprecated: Ollama ignores it.', status: 'deprecated', since: 'v0.7.0' },
  { name: 'numa', type: 'bool', default: '-', doc: 'Removed in Ollama v0.3.4.', status: 'removed', since: 'v0.3.4' },
  { name: 'tfs_z', type: 'float', default: '-', doc: 'Removed in Ollama v0.5.4 (tail free sampling).', status: 'removed', since: 'v0.5.4' },
  ...(['num_gqa', 'rope_frequency_base', 'rope_frequency_scale'] as const).map(
    (name): ParameterDoc => ({ name, type: 'float', default: '-', doc: 'Removed by Ollama v0.1.48: the model file carries it.', status: 'removed', since: 'v0.1.48' }),
  ),
  { name: 'embedding_only', type: 'bool', default: '-', doc: 'Removed by Ollama v0.1.30.', status: 'removed', since: 'v0.1.30' },
];

const byName = new Map(PARAMETERS.map((p) => [p.name, p]));

export function parameterDoc(name: string): ParameterDoc | undefined {
  return byName.get(name);
}
