/**
 * Reads the settings an editor sends (initializationOptions and
 * workspace/didChangeConfiguration) into typed values. The payload is untrusted
 * JSON from any LSP client, so every field is checked once here and the rest
 * of the server works with `CompletionSettings` only.
 */
import { isJsonObject, readCompletionSettings, str, type JsonObject } from '../core/read-completion-settings';
import { streamIdleTimeoutSeconds, type CompletionSettings } from '../core/settings';

export interface ModelfileSettings {
  /** Formatting is opt-in: it rewrites keyword case and spacing. */
  readonly formatting: boolean;
}

export interface ServerSettings {
  /** As sent; '' means OLLAMA_HOST, then the default (resolveHost decides). */
  readonly ollamaHost: string;
  readonly streamIdleTimeoutSeconds: number;
  readonly completion: CompletionSettings;
  readonly modelfile: ModelfileSettings;
}

/**
 * `{ ollamaHost?, completion?, modelfile? }`. VS Code-style clients may nest it under an
 * `unbound` key (`{ unbound: {...} }`), which is accepted too.
 */
export function readServerSettings(value: unknown): ServerSettings {
  const root: JsonObject = isJsonObject(value) ? (isJsonObject(value.unbound) ? value.unbound : value) : {};
  return {
    ollamaHost: str(root.ollamaHost, '').trim(),
    streamIdleTimeoutSeconds: streamIdleTimeoutSeconds(root.streamIdleTimeoutSeconds),
    completion: readCompletionSettings(root.completion),
    modelfile: { formatting: isJsonObject(root.modelfile) && root.modelfile.formatting === true },
  };
}

/**
 * Whether a didChangeConfiguration payload is meant for this server. Clients
 * send `{ settings: null }` or their whole settings tree as a bare "something
 * changed"; those must not reset the model to the defaults.
 */
export function carriesServerSettings(value: unknown): boolean {
  if (!isJsonObject(value)) return false;
  const root = isJsonObject(value.unbound) ? value.unbound : value;
  return 'ollamaHost' in root || 'completion' in root || 'streamIdleTimeoutSeconds' in root || 'modelfile' in root;
}
