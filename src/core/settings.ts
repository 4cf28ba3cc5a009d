/**
 * Unbound's settings as plain data. features/settings.ts reads them from VS Code;
 * the language server receives the completion part in initializationOptions and
 * workspace/didChangeConfiguration, so Neovim or Helix can send the same shape.
 */
export type AutoStart = 'ask' | 'always' | 'never';
export type TriggerMode = 'automatic' | 'manual';
export type MultilineMode = 'auto' | 'always' | 'never';

export interface OllamaSettings {
  /** `unbound.ollama.host`; '' means OLLAMA_HOST, then the default. */
  readonly host: string;
  /** `unbound.ollama.path`; '' means search. */
  readonly path: string;
  readonly autoStart: AutoStart;
  readonly env: Readonly<Record<string, string>>;
  readonly startTimeoutSeconds: number;
  /** Seconds a started stream may stay silent before it fails (a server that sends headers, then nothing). */
  readonly streamIdleTimeoutSeconds: number;
}

export interface CompletionSettings {
  readonly enabled: boolean;
  readonly model: string;
  readonly languages: Readonly<Record<string, boolean>>;
  readonly triggerMode: TriggerMode;
  readonly debounceMs: number;
  readonly adaptiveDebounce: boolean;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly contextLength: number;
  readonly keepAlive: string;
  readonly multiline: MultilineMode;
  readonly yieldToChat: boolean;
  readonly repositoryContext: boolean;
  /**
   * Show a completion's first whole words while the model still writes it, and extend it as
   * it grows (an editor that can be told to ask again; see partial.ts). Off: only once finished.
   */
  readonly streaming: boolean;
  /**
   * The model's value comes from the user's own settings, not a workspace's. A
   * cloud model is used only then. Not a setting: the extension derives it from
   * where `unbound.completion.model` is set; other editors' configuration is the user's own.
   */
  readonly modelFromUserSettings: boolean;
}

export interface UnboundSettings {
  readonly ollama: OllamaSettings;
  readonly completion: CompletionSettings;
  readonly chatModel: string;
}

export const defaultCompletionSettings: CompletionSettings = {
  enabled: true,
  model: '',
  languages: { '*': true, plaintext: false, markdown: false },
  triggerMode: 'automatic',
  debounceMs: 150,
  adaptiveDebounce: true,
  maxTokens: 128,
  temperature: 0.2,
  contextLength: 4096,
  keepAlive: '30m',
  multiline: 'auto',
  yieldToChat: true,
  repositoryContext: true,
  streaming: true,
  modelFromUserSettings: true,
};

/** `completion.languages` maps a language id to on/off; '*' is the default for the rest. */
export function languageEnabled(languages: Readonly<Record<string, boolean>>, languageId: string): boolean {
  return languages[languageId] ?? languages['*'] ?? true;
}

export const defaultOllamaSettings: OllamaSettings = {
  host: '',
  path: '',
  autoStart: 'ask',
  env: {},
  startTimeoutSeconds: 30,
  streamIdleTimeoutSeconds: 120,
};

/** The limits of `unbound.ollama.streamIdleTimeoutSeconds` (package.json), for every reader of the value. */
export function streamIdleTimeoutSeconds(value: unknown): number {
  const d = defaultOllamaSettings.streamIdleTimeoutSeconds;
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(3600, Math.max(5, value)) : d;
}
