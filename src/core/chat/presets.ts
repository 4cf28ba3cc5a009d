/**
 * System prompt presets. The defaults add no refusal, moralising or disclaimer
 * text: Unbound adds no layer of its own; the user's prompt and model govern.
 * Users edit them in `unbound.chat.systemPrompts`.
 */
export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly prompt: string;
}

export const DEFAULT_PRESETS: readonly Preset[] = [
  { id: 'none', label: 'Model default', prompt: '' },
  {
    id: 'coder',
    label: 'Coding assistant',
    prompt:
      'You are an expert software engineer. Answer directly and completely. Put code in fenced blocks with the language named. When asked to change code, show the whole changed function or file.',
  },
  { id: 'concise', label: 'Concise', prompt: 'Answer as briefly as the question allows. No preamble.' },
];

/** Presets from the setting, each checked; falls back to the defaults when none is valid. */
export function readPresets(raw: unknown): Preset[] {
  if (!Array.isArray(raw)) return [...DEFAULT_PRESETS];
  const seen = new Set<string>();
  const out: Preset[] = [];
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const { id, label, prompt } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[\w-]{1,64}$/.test(id) || seen.has(id)) continue;
    if (typeof prompt !== 'string') continue;
    seen.add(id);
    out.push({ id, label: typeof label === 'string' && label.trim() ? label.trim() : id, prompt });
  }
  return out.length ? out : [...DEFAULT_PRESETS];
}

export function findPreset(presets: readonly Preset[], id: string): Preset {
  return presets.find((p) => p.id === id) ?? presets[0] ?? DEFAULT_PRESETS[0] ?? { id: 'none', label: 'Model default', prompt: '' };
}
