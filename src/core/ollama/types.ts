/**
 * The contract of Unbound's Ollama client. Everything above src/core/ollama talks
 * to Ollama through `OllamaApi`, so services and tests depend on this shape, not
 * on the `ollama` npm package.
 */

/** The host Unbound connects to, after OLLAMA_HOST rules (docs/reference/ollama-api.md section 1). */
export interface ResolvedHost {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:11434` or `https://h:443/ollama`. */
  readonly url: string;
  readonly scheme: 'http' | 'https';
  /** Hostname as used in a URL: IPv6 keeps its brackets. Unspecified addresses are mapped to loopback. */
  readonly hostname: string;
  readonly port: number;
  /** Path prefix, '' or starting with '/'. */
  readonly basePath: string;
  /** Loopback hosts are ones Unbound may start a daemon for. */
  readonly isLoopback: boolean;
  /** Where the value came from, for messages and logs. */
  readonly source: 'setting' | 'env' | 'default';
  /** The value to pass as OLLAMA_HOST to an `ollama serve` Unbound starts. */
  readonly serveValue: string;
  /** `Basic …` header for `user:pass@host` values (fetch refuses credentials in URLs). Never logged. */
  readonly authorization?: string;
}

export type Capability = 'completion' | 'insert' | 'tools' | 'thinking' | 'vision' | 'embedding';

export interface ModelDetails {
  readonly family?: string;
  readonly families?: readonly string[];
  readonly parameterSize?: string;
  readonly quantizationLevel?: string;
  readonly format?: string;
}

/** One entry of /api/tags. */
export interface InstalledModel {
  readonly name: string;
  readonly sizeBytes: number;
  readonly modifiedAt: string;
  readonly digest: string;
  readonly details: ModelDetails;
  /** Cloud models (remote_host set) are not local; the UI hides or marks them. */
  readonly remote: boolean;
}

/** One entry of /api/ps. */
export interface LoadedModel {
  readonly name: string;
  readonly sizeBytes: number;
  readonly vramBytes: number;
  readonly expiresAt: string;
  readonly contextLength?: number;
}

/** What /api/show tells, normalised, with fallbacks for servers older than v0.6.4. */
export interface ModelInfo {
  readonly name: string;
  readonly capabilities: ReadonlySet<Capability>;
  /** True when capabilities were inferred from the template (server without `capabilities`). */
  readonly capabilitiesInferred: boolean;
  readonly template: string;
  readonly details: ModelDetails;
  /** `<arch>.context_length` from model_info, when known. */
  readonly contextLength?: number;
  readonly architecture?: string;
  readonly parameters: string;
  readonly system: string;
  /** Cloud models: the host that runs them (`remote_host`). Code sent to this model leaves the machine. */
  readonly remoteHost?: string;
}

export interface GenerateRequest {
  readonly model: string;
  readonly prompt: string;
  readonly suffix?: string;
  readonly raw?: boolean;
  readonly system?: string;
  readonly think?: boolean;
  readonly keepAlive?: string | number;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface GenerateChunk {
  readonly response: string;
  readonly thinking?: string;
  readonly done: boolean;
  readonly doneReason?: string;
  readonly evalCount?: number;
  readonly promptEvalCount?: number;
}

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly thinking?: string;
}

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly think?: boolean;
  readonly keepAlive?: string | number;
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface ChatChunk {
  readonly content: string;
  readonly thinking?: string;
  readonly done: boolean;
  readonly doneReason?: string;
  readonly evalCount?: number;
  /** Ollama's own counters on the final chunk (nanoseconds), for tokens/s and time to first token. */
  readonly promptEvalCount?: number;
  readonly evalDurationNs?: number;
  readonly promptEvalDurationNs?: number;
  readonly loadDurationNs?: number;
}

/** A raw line of /api/pull progress. */
export interface PullProgressLine {
  readonly status: string;
  readonly digest?: string;
  readonly total?: number;
  readonly completed?: number;
}

/**
 * Errors a user can act on. `OllamaError.cause` names which; `describe()` in
 * errors.ts turns it into a message and the actions to offer.
 */
export type OllamaErrorCause =
  | { readonly kind: 'not-running'; readonly host: string }
  | { readonly kind: 'model-missing'; readonly model: string }
  | { readonly kind: 'no-insert'; readonly model: string }
  | { readonly kind: 'no-thinking'; readonly model: string }
  /** A cloud model the user did not choose in their own settings (a workspace set it). */
  | { readonly kind: 'remote-model'; readonly model: string; readonly host: string }
  | { readonly kind: 'bad-request'; readonly message: string }
  | { readonly kind: 'forbidden'; readonly host: string }
  | { readonly kind: 'busy'; readonly message: string }
  | { readonly kind: 'server'; readonly status: number; readonly message: string }
  | { readonly kind: 'stream'; readonly message: string }
  | { readonly kind: 'malformed'; readonly message: string }
  | { readonly kind: 'timeout'; readonly ms: number }
  | { readonly kind: 'aborted' };

/**
 * Every call takes an AbortSignal; aborting closes the HTTP connection, which is
 * what makes Ollama stop generating (docs/reference/ollama-api.md section 11).
 * All methods reject with `OllamaError` (errors.ts), never a raw fetch error.
 */
export interface OllamaApi {
  readonly host: ResolvedHost;
  version(signal?: AbortSignal): Promise<string>;
  list(signal?: AbortSignal): Promise<InstalledModel[]>;
  ps(signal?: AbortSignal): Promise<LoadedModel[]>;
  show(model: string, signal?: AbortSignal): Promise<ModelInfo>;
  generate(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<GenerateChunk>;
  chat(request: ChatRequest, signal?: AbortSignal): AsyncIterable<ChatChunk>;
  pull(model: string, signal?: AbortSignal): AsyncIterable<PullProgressLine>;
  delete(model: string, signal?: AbortSignal): Promise<void>;
}
