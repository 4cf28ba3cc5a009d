/**
 * What the server host gives a feature and what a feature gives back. A feature
 * (inline completion, Modelfiles) owns its LSP methods and offers each for its
 * own document selector: a client that can register capabilities dynamically is
 * asked for exactly those documents (no Modelfile hover is requested for a
 * TypeScript file), a client that cannot (Neovim) gets static capabilities and
 * the feature checks the document itself.
 */
import type {
  Connection,
  DocumentSelector,
  InitializeParams,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Logger } from '../core/log';
import type { OllamaApi } from '../core/ollama/types';
import type { ServerSettings } from './server-settings';

export interface ServerEnvironment {
  /** OLLAMA_HOST as the server process sees it. */
  readonly ollamaHostEnv: string | undefined;
  readonly version: string;
}

export interface FeatureContext {
  readonly connection: Connection;
  /** Every open document, synced once by the host for all features. */
  readonly documents: TextDocuments<TextDocument>;
  /** A document whose copy a bad incremental change left wrong, until the editor sends its whole text (document-sync.ts). */
  isOutOfSync(uri: string): boolean;
  /** A logger whose lines carry the feature's tag. */
  logger(tag: string): Logger;
  settings(): ServerSettings;
  /** The client for the current Ollama host (replaced when the host setting changes: see `apiChanged`). */
  api(): OllamaApi;
}

/** The LSP methods features offer; each maps to the client capability that says whether it registers dynamically. */
export type OfferedMethod =
  | 'textDocument/inlineCompletion'
  | 'textDocument/completion'
  | 'textDocument/hover'
  | 'textDocument/documentSymbol'
  | 'textDocument/formatting';

export interface CapabilityOffer {
  readonly method: OfferedMethod;
  /** Merged into InitializeResult.capabilities when the client cannot register `method` dynamically. */
  readonly staticCapabilities: ServerCapabilities;
  /** The registration options (the method's own, without the selector); none for most methods. */
  readonly options?: () => Readonly<Record<string, unknown>>;
  /** The documents this method serves; undefined: do not register (e.g. an opt-in setting is off). */
  selector(): DocumentSelector | undefined;
}

export interface OfferHandle {
  /** Whether the client registers this method dynamically (else it was announced statically). */
  readonly dynamic: boolean;
  /** Registers again with the current selector and options (after a setting changed them). */
  refresh(): void;
}

export interface Capabilities {
  offer(offer: CapabilityOffer): OfferHandle;
}

export interface ServerFeature {
  /** Wires handlers and makes offers. Returns capabilities of its own to merge (e.g. workspace folders). */
  initialize(params: InitializeParams, capabilities: Capabilities): ServerCapabilities | void;
  /** After the client's `initialized`: the connection may now send requests to the client. */
  initialized?(): void;
  settingsChanged?(next: ServerSettings): void;
  apiChanged?(api: OllamaApi): void;
  dispose(): void;
}

export type FeatureFactory = (ctx: FeatureContext) => ServerFeature;
