/**
 * Contracts inside the completion engine. Types only: the pieces (formats,
 * context window, post-processing, scheduler, engine) are written against these.
 */
import type { MultilineMode } from '../settings';
import type { OllamaErrorCause } from '../ollama/types';

/** Windowed read access to a document: the engine never copies a whole document per keystroke. */
export interface TextSnapshot {
  readonly length: number;
  slice(start: number, end: number): string;
}

/** Another open file, for repository-level FIM (Qwen2.5-Coder's <|file_sep|> format). */
export interface RelatedFile {
  readonly path: string;
  readonly languageId: string;
  readonly text: string;
}

export interface CompletionRequest {
  readonly uri: string;
  /** Path shown to the model (workspace-relative when known). */
  readonly path: string;
  readonly languageId: string;
  readonly document: TextSnapshot;
  readonly offset: number;
  readonly version: number;
  readonly trigger: 'automatic' | 'manual';
  /**
   * The editor can show a completion still being generated and asks again when told to (the
   * outcome's `refresh`): VS Code through Unbound's client; other LSP editors get finished ones.
   */
  readonly partial?: boolean;
  readonly related?: readonly RelatedFile[];
  readonly repoName?: string;
}

// ---- FIM formats ----------------------------------------------------------

export type FimFamily =
  | 'qwen'
  | 'deepseek'
  | 'codellama'
  | 'starcoder'
  | 'codestral'
  | 'codegemma'
  | 'granite'
  | 'stable-code';

/** How to ask a model to fill in the middle, decided from /api/show, never from the name alone. */
export type FimPlan =
  | { readonly kind: 'insert'; readonly family?: FimFamily }
  | { readonly kind: 'raw'; readonly family: FimFamily }
  | { readonly kind: 'unsupported'; readonly reason: string };

export interface FimInput {
  readonly prefix: string;
  readonly suffix: string;
  readonly path: string;
  readonly languageId: string;
  readonly related: readonly RelatedFile[];
  readonly repoName?: string;
}

/** What goes to /api/generate (options other than `stop` come from settings). */
export interface FimPrompt {
  readonly prompt: string;
  /** Only for `insert` plans; raw mode must not send a suffix (docs/reference/fim.md section 0). */
  readonly suffix?: string;
  readonly raw: boolean;
  readonly stop: readonly string[];
}

// ---- Context window ---------------------------------------------------------

export interface ContextBudget {
  readonly prefixTokens: number;
  readonly suffixTokens: number;
}

export interface ContextWindow {
  readonly prefix: string;
  readonly suffix: string;
  /** Document offset where `prefix` starts (stable across keystrokes so Ollama's prompt cache is reused). */
  readonly prefixStart: number;
  readonly suffixEnd: number;
}

// ---- Post-processing --------------------------------------------------------

export interface PostprocessContext {
  /** Full text before the cursor in the window (ends at the cursor). */
  readonly prefix: string;
  /** Text after the cursor in the window. */
  readonly suffix: string;
  readonly languageId: string;
  readonly multiline: MultilineMode;
}

export type PostprocessResult =
  | {
      readonly kind: 'ok';
      readonly text: string;
      /** How many characters after the cursor the completion replaces (e.g. an auto-closed `)`). */
      readonly replaceSuffixChars: number;
    }
  | { readonly kind: 'dropped'; readonly reason: string };

// ---- Engine outcomes, status and the request log ---------------------------

export type SkipReason =
  | 'disabled'
  | 'language-disabled'
  | 'snoozed'
  | 'no-model'
  | 'model-not-fim'
  | 'yield-to-chat'
  | 'daemon-down'
  | 'mid-word'
  | 'empty-after-postprocess'
  | 'superseded'
  | 'debounced';

/**
 * What to show instead of a completion that was shown while it was being generated: the
 * finished completion (`text` for the same cursor), or nothing (`withdrawn`: post-processing
 * dropped it).
 */
export type Refresh = {
  /** The generation it comes from: two requests that followed one generation to one place get one update. */
  readonly generation: number;
} & ({ readonly change: 'updated'; readonly text: string; readonly replaceSuffixChars: number } | { readonly change: 'withdrawn' });

export type CompletionOutcome =
  | {
      readonly kind: 'shown';
      readonly text: string;
      readonly replaceSuffixChars: number;
      readonly source: 'generated' | 'cache' | 'type-ahead';
      /**
       * Set when `text` is the start of a completion still being generated: resolves with what to
       * show instead once the finished completion differs (or was dropped), and with undefined
       * when nothing changes (it finished as shown, the user moved on, it failed).
       */
      readonly refresh?: Promise<Refresh | undefined>;
    }
  | { readonly kind: 'skipped'; readonly reason: SkipReason; readonly detail?: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly cause: OllamaErrorCause };

export type EngineStatus =
  | { readonly kind: 'idle'; readonly model: string }
  | { readonly kind: 'generating'; readonly model: string }
  | { readonly kind: 'no-model' }
  | { readonly kind: 'model-not-fim'; readonly model: string; readonly fimModels: readonly string[] }
  | { readonly kind: 'paused-for-chat' }
  | { readonly kind: 'error'; readonly cause: OllamaErrorCause };

export interface RequestLogEntry {
  readonly id: number;
  /** Epoch ms when the request arrived. */
  readonly time: number;
  readonly model: string;
  readonly uri: string;
  readonly debounceMs: number;
  readonly ttftMs?: number;
  readonly totalMs?: number;
  readonly tokens?: number;
  readonly outcome: 'shown' | 'cancelled' | 'cached' | 'skipped' | 'error';
  readonly reason?: string;
  readonly promptPreview: string;
  readonly raw: string;
  readonly final: string;
  /**
   * Shown first by its first words while the model still wrote it; once it finished, the entry
   * says what it ended as (`final`), or why it was taken back.
   */
  readonly partial?: boolean;
}

/**
 * One-shot, user-facing notices from the engine. Each is emitted once until its
 * condition clears (the daemon came back, the model changed or was found), never
 * once per keystroke.
 */
export type EngineNotice =
  | { readonly kind: 'daemon-down'; readonly host: string }
  | { readonly kind: 'model-missing'; readonly model: string }
  | { readonly kind: 'model-not-fim'; readonly model: string; readonly fimModels: readonly string[]; readonly recommended: string }
  | { readonly kind: 'no-model'; readonly fimModels: readonly string[] };
