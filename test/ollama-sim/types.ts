/**
 * Public types of the Ollama simulator (test code). The shapes follow
 * docs/reference/ollama-api.md; tests and the fake `ollama` binary
 * configure the simulator with them.
 */

export type SimCapability = 'completion' | 'insert' | 'tools' | 'thinking' | 'vision' | 'embedding';

/** A model the simulator knows, installed or pullable. Only `name` is required. */
export interface SimModel {
  /** `name:tag`; a name without a tag means `:latest`. */
  readonly name: string;
  readonly family?: string;
  /** e.g. '7.6B' */
  readonly parameterSize?: string;
  /** e.g. 'Q4_K_M' */
  readonly quantization?: string;
  readonly sizeBytes?: number;
  /** Derived from the template like Ollama does when omitted. */
  readonly capabilities?: readonly SimCapability[];
  /** Go template; derived from the capabilities when omitted. */
  readonly template?: string;
  /** `<arch>.context_length` in model_info. */
  readonly contextLength?: number;
  /** `general.architecture`; defaults to the family. */
  readonly architecture?: string;
  /** Modelfile SYSTEM. */
  readonly system?: string;
  /** Modelfile PARAMETERs; a `num_ctx` here is the default context the model loads with. */
  readonly parameters?: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
  /** VRAM when loaded; defaults to sizeBytes (fully on GPU). */
  readonly vramBytes?: number;
  readonly digest?: string;
  readonly modifiedAt?: string;
  /** A cloud model: /api/show and /api/tags name this `remote_host` (and `remote_model`), as Ollama does for `…-cloud` models. */
  readonly remoteHost?: string;
}

/**
 * A fault injected into responses. `path` restricts it to one endpoint
 * (e.g. '/api/generate'); without it `status` and `slow-headers` hit every
 * /api/ endpoint and the chunk faults hit the streaming ones (generate, chat, pull).
 * `times` makes a global fault clear itself after hitting that many requests.
 */
export type SimFault =
  | { readonly kind: 'status'; readonly code: number; readonly error: string; readonly path?: string; readonly times?: number }
  | { readonly kind: 'drop'; readonly afterChunks: number; readonly path?: string; readonly times?: number }
  | { readonly kind: 'malformed'; readonly afterChunks: number; readonly path?: string; readonly times?: number }
  | { readonly kind: 'error-line'; readonly afterChunks: number; readonly message: string; readonly path?: string; readonly times?: number }
  | { readonly kind: 'slow-headers'; readonly ms: number; readonly path?: string; readonly times?: number }
  /** After N chunks, one valid line whose text (`response`, or chat's `message.content`) is `chars` characters long; then the stream goes on. */
  | { readonly kind: 'huge-line'; readonly afterChunks: number; readonly chars: number; readonly path?: string; readonly times?: number }
  /** After N chunks, a line that never ends: bytes without a newline until the client leaves (or `maxBytes`, default 64 MiB). */
  | { readonly kind: 'endless-line'; readonly afterChunks: number; readonly maxBytes?: number; readonly path?: string; readonly times?: number }
  /** After N chunks (0: right after the headers), nothing more, with the connection held open until the client leaves. */
  | { readonly kind: 'silent'; readonly afterChunks: number; readonly path?: string; readonly times?: number }
  /** Answers 200 (or `status`) with this JSON body instead of the real reply, e.g. `{}`, `[]` or `null` for /api/show. */
  | { readonly kind: 'reply'; readonly body: unknown; readonly status?: number; readonly path?: string; readonly times?: number }
  /** Connection refused: the listening socket is closed (and open connections cut) until cleared, or for `forMs`. */
  | { readonly kind: 'refuse'; readonly forMs?: number };

export interface ScriptMatch {
  readonly model?: string;
  /** Substring of the generate prompt, or of any chat message's content. */
  readonly promptIncludes?: string;
  readonly suffixIncludes?: string;
  /** Only this endpoint: '/api/generate' or '/api/chat'. */
  readonly path?: '/api/generate' | '/api/chat';
}

/**
 * A scripted reply for generate/chat. The most recently added matching script
 * wins; `times` limits how often it is used (unlimited when omitted).
 */
export interface SimScript {
  readonly match?: ScriptMatch;
  /** A string is split into word-ish tokens; an array is taken as the token list. */
  readonly response?: string | readonly string[];
  /** Thinking tokens, streamed before the response for thinking-capable models. */
  readonly thinking?: readonly string[];
  readonly ttftMs?: number;
  readonly tokensPerSecond?: number;
  readonly fault?: SimFault;
  readonly times?: number;
  /**
   * Send this many tokens, then wait for `OllamaSimulator.releaseHeld()` before the rest: a test
   * orders "the model has written the first words but not the rest" by an event, not a clock.
   */
  readonly holdAfterTokens?: number;
  /** A broken server: go on past the request's num_predict (the script's tokens are all sent). */
  readonly ignoreNumPredict?: boolean;
}

export interface SimTiming {
  /** Time to first token, ms after the request got its generation slot. */
  readonly ttftMs?: number;
  readonly tokensPerSecond?: number;
  /** Virtual download rate of /api/pull, bytes per second. */
  readonly pullBytesPerSecond?: number;
  /** Time a model takes to load (first use, or a reload for another num_ctx). */
  readonly loadMs?: number;
  /** The version /api/version reports; features are gated on it (docs/reference/ollama-api.md section 14). */
  readonly version?: string;
  /** OLLAMA_MAX_QUEUE: requests waiting for a model beyond this get 503 (default 512). */
  readonly maxQueue?: number;
}

export interface SimStartOptions extends SimTiming {
  /** Installed models. Default: qwen2.5-coder:1.5b-base, dolphin3:8b, deepseek-r1:7b. */
  readonly models?: readonly SimModel[];
  /** Extra models /api/pull can fetch, on top of the default catalog. */
  readonly pullable?: readonly SimModel[];
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly host?: string;
  /** OLLAMA_ORIGINS: extra allowed CORS origins (wildcards allowed). */
  readonly origins?: readonly string[];
}

/** A request body as recorded: whatever JSON the client sent (`{}` when none). */
export interface RecordedBody {
  readonly model?: string;
  readonly name?: string;
  readonly prompt?: string;
  readonly suffix?: string;
  readonly raw?: boolean;
  readonly system?: string;
  readonly think?: boolean | string;
  readonly stream?: boolean;
  readonly keep_alive?: string | number;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly messages?: readonly { readonly role?: string; readonly content?: string }[];
  readonly [key: string]: unknown;
}

export interface RecordedRequest {
  readonly id: number;
  readonly method: string;
  readonly path: string;
  body: RecordedBody;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** performance.now() at arrival. */
  readonly startedAt: number;
  endedAt?: number;
  /** The client closed the connection before the response was complete. */
  aborted: boolean;
  abortedAt?: number;
  status: number;
  /** NDJSON lines (or JSON bodies) written. */
  chunksSent: number;
  /** Tokens the simulated model produced for this request (thinking + response). */
  tokensGenerated: number;
  /** Tokens produced after a newer generate/chat request for the same model had arrived. */
  staleTokens: number;
  /** The stream stopped at its script's `holdAfterTokens` (see OllamaSimulator.releaseHeld). */
  held?: boolean;
  /** When this request got the model's generation slot (after queueing). */
  slotAt?: number;
  /**
   * When this request gave the slot back. The next request in the queue takes it after this
   * instant, possibly before the response's 'close' records `endedAt`: order by this, not `endedAt`.
   */
  slotReleasedAt?: number;
  firstTokenAt?: number;
  doneReason?: string;
}
