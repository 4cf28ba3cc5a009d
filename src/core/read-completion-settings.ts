/**
 * Completion settings from untrusted values: what an LSP client sends, or the
 * `unbound.completion` section as VS Code returns it (a user can write anything
 * into settings.json). One reader, so the extension and the server agree on
 * every default and limit; the limits are those of package.json.
 */
import { defaultCompletionSettings, type CompletionSettings, type MultilineMode, type TriggerMode } from './settings';

export type JsonObject = Readonly<Record<string, unknown>>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function num(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function languages(value: unknown, fallback: Readonly<Record<string, boolean>>): Readonly<Record<string, boolean>> {
  if (!isJsonObject(value)) return fallback;
  const out: Record<string, boolean> = {};
  for (const [language, on] of Object.entries(value)) if (typeof on === 'boolean') out[language] = on;
  return out;
}

const triggerModes: readonly TriggerMode[] = ['automatic', 'manual'];
const multilineModes: readonly MultilineMode[] = ['auto', 'always', 'never'];

export function readCompletionSettings(value: unknown): CompletionSettings {
  const d = defaultCompletionSettings;
  const v: JsonObject = isJsonObject(value) ? value : {};
  return {
    enabled: bool(v.enabled, d.enabled),
    model: str(v.model, d.model).trim(),
    languages: languages(v.languages, d.languages),
    triggerMode: oneOf(v.triggerMode, triggerModes, d.triggerMode),
    debounceMs: num(v.debounceMs, d.debounceMs, 0, 2000),
    adaptiveDebounce: bool(v.adaptiveDebounce, d.adaptiveDebounce),
    maxTokens: Math.round(num(v.maxTokens, d.maxTokens, 1, 2048)),
    temperature: num(v.temperature, d.temperature, 0, 2),
    contextLength: Math.round(num(v.contextLength, d.contextLength, 512, 1 << 20)),
    // Ollama rejects an empty keep_alive; a cleared setting means the default.
    keepAlive: str(v.keepAlive, d.keepAlive).trim() || d.keepAlive,
    multiline: oneOf(v.multiline, multilineModes, d.multiline),
    yieldToChat: bool(v.yieldToChat, d.yieldToChat),
    repositoryContext: bool(v.repositoryContext, d.repositoryContext),
    streaming: bool(v.streaming, d.streaming),
    modelFromUserSettings: bool(v.modelFromUserSettings, d.modelFromUserSettings),
  };
}
