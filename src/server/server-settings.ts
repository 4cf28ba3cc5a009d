/**
 * Reads the settings an editor sends (initializationOptions and
 * workspace/didChangeConfiguration) into typed values. The payload is untrusted
 * JSON from any LSP client, so every field is checked once here and the rest
 * of the server works with `CompletionSettings` only.
 */
import { defaultCompletionSettings, type CompletionSettings, type MultilineMode, type TriggerMode } from '../core/settings';

export interface ServerSettings {
  /** As sent; '' means OLLAMA_HOST, then the default (resolveHost decides). */
  readonly ollamaHost: string;
  readonly completion: CompletionSettings;
}

type Json = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function str(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function num(value: unknown, fallback: number, min: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.find((option) => option === value) ?? fallback;
}

function languages(value: unknown, fallback: Readonly<Record<string, boolean>>): Readonly<Record<string, boolean>> {
  if (!isObject(value)) return fallback;
  const out: Record<string, boolean> = {};
  for (const [language, on] of Object.entries(value)) if (typeof on === 'boolean') out[language] = on;
  return out;
}

const triggerModes: readonly TriggerMode[] = ['automatic', 'manual'];
const multilineModes: readonly MultilineMode[] = ['auto', 'always', 'never'];

export function readCompletionSettings(value: unknown): CompletionSettings {
  const d = defaultCompletionSettings;
  const v: Json = isObject(value) ? value : {};
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
    keepAlive: str(v.keepAlive, d.keepAlive),
    multiline: oneOf(v.multiline, multilineModes, d.multiline),
    yieldToChat: bool(v.yieldToChat, d.yieldToChat),
    repositoryContext: bool(v.repositoryContext, d.repositoryContext),
  };
}

/**
 * `{ ollamaHost?, completion? }`. VS Code-style clients may nest it under an
 * `unbound` key (`{ unbound: {...} }`), which is accepted too.
 */
export function readServerSettings(value: unknown): ServerSettings {
  const root: Json = isObject(value) ? (isObject(value.unbound) ? value.unbound : value) : {};
  return {
    ollamaHost: str(root.ollamaHost, '').trim(),
    completion: readCompletionSettings(root.completion),
  };
}

/**
 * Whether a didChangeConfiguration payload is meant for this server. Clients
 * send `{ settings: null }` or their whole settings tree as a bare "something
 * changed"; those must not reset the model to the defaults.
 */
export function carriesServerSettings(value: unknown): boolean {
  if (!isObject(value)) return false;
  const root = isObject(value.unbound) ? value.unbound : value;
  return 'ollamaHost' in root || 'completion' in root;
}
