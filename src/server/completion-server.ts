/**
 * The completion language server: owns the documents, the settings and one
 * CompletionEngine, and wires them to the LSP connection. Editor policy
 * (snooze, manual trigger) stays in the client; everything that decides what
 * to send to Ollama lives here, so any LSP editor gets the same completions.
 */
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { systemClock } from '../core/clock';
import { CompletionEngine } from '../core/completion/engine';
import type { Logger } from '../core/log';
import { createOllamaClient } from '../core/ollama/client';
import { resolveHost } from '../core/ollama/host';
import type { OllamaApi, ResolvedHost } from '../core/ollama/types';
import {
  CompletionNoticeNotification,
  CompletionStatusNotification,
  ForegroundStreamsNotification,
  RequestLogRequest,
} from '../protocol/completion';
import { connectionLogger } from './connection-logger';
import { provideInlineCompletion } from './inline-completion';
import { snapshotOf } from './text-snapshot';
import { RecentDocuments } from './recent-documents';
import { carriesServerSettings, readServerSettings, type ServerSettings } from './server-settings';
import { WorkspacePaths } from './workspace-paths';

export interface ServerEnvironment {
  /** OLLAMA_HOST as the server process sees it. */
  readonly ollamaHostEnv: string | undefined;
  readonly version: string;
}

function foldersOf(params: InitializeParams): WorkspaceFolder[] {
  if (params.workspaceFolders) return params.workspaceFolders;
  // Clients that predate workspace folders send only a root.
  const root = params.rootUri;
  if (!root) return [];
  const name = decodeURIComponent(root.replace(/\/+$/, '').split('/').pop() ?? root);
  return [{ uri: root, name }];
}

function hostKey(host: ResolvedHost): string {
  return `${host.url}\u0000${host.authorization ?? ''}`;
}

class CompletionServer {
  private readonly logger: Logger;
  private readonly documents = new TextDocuments(TextDocument);
  private readonly paths = new WorkspacePaths();
  private readonly recent = new RecentDocuments();
  private settings: ServerSettings = readServerSettings(undefined);
  /** The host the engine's client talks to: URL and credentials (a changed password needs a new client too). */
  private hostKey = '';
  private engine: CompletionEngine | undefined;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly env: ServerEnvironment,
  ) {
    this.logger = connectionLogger(connection.console);
    this.disposables.push(
      this.documents.listen(connection),
      this.documents.onDidChangeContent((e) => this.recent.touch(e.document.uri)),
      this.documents.onDidChangeContent((e) => this.engine?.documentChanged(e.document.uri, snapshotOf(e.document.getText()))),
      this.documents.onDidOpen((e) => this.recent.touch(e.document.uri)),
      this.documents.onDidClose((e) => this.recent.forget(e.document.uri)),
      connection.onInitialize((params) => this.initialize(params)),
      connection.onInitialized(() => this.initialized()),
      connection.onDidChangeConfiguration((params) => {
        if (carriesServerSettings(params.settings)) this.applySettings(readServerSettings(params.settings));
        else this.logger.debug('configuration change without Unbound settings: ignored');
      }),
      connection.onNotification(ForegroundStreamsNotification.type, ({ count }) => {
        this.engine?.setForegroundStreams(Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0);
      }),
      connection.onRequest(RequestLogRequest.type, () => this.engine?.requestLog() ?? []),
      connection.languages.inlineCompletion.on((params, token) =>
        provideInlineCompletion(params, token, {
          documents: this.documents,
          paths: this.paths,
          recent: this.recent,
          completer: () => this.requireEngine(),
          repositoryContext: () => this.settings.completion.repositoryContext,
          logger: this.logger,
        }).catch((error: unknown) => {
          // A bug must cost one completion, never the server.
          this.logger.error('inline completion failed: %s', error instanceof Error ? (error.stack ?? error.message) : String(error));
          return null;
        }),
      ),
      connection.onShutdown(() => this.dispose()),
    );
  }

  private requireEngine(): CompletionEngine {
    if (!this.engine) throw new Error('inline completion before initialize');
    return this.engine;
  }

  private createApi(setting: string): OllamaApi {
    const host = resolveHost(setting, this.env.ollamaHostEnv);
    this.hostKey = hostKey(host);
    this.logger.info(`Ollama host ${host.url} (from ${host.source})`);
    return createOllamaClient({ host, logger: this.logger });
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.paths.setFolders(foldersOf(params));
    this.settings = readServerSettings(params.initializationOptions);
    const engine = new CompletionEngine({ api: this.createApi(this.settings.ollamaHost), clock: systemClock, logger: this.logger }, this.settings.completion);
    this.engine = engine;
    this.disposables.push(
      engine,
      engine.onDidChangeStatus((status) => void this.connection.sendNotification(CompletionStatusNotification.type, status)),
      // The engine already tells each condition once until it clears.
      engine.onNotice((notice) => void this.connection.sendNotification(CompletionNoticeNotification.type, notice)),
    );
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        inlineCompletionProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'unbound-completion', version: this.env.version },
    };
  }

  private initialized(): void {
    const workspace = this.connection.workspace;
    try {
      this.disposables.push(workspace.onDidChangeWorkspaceFolders((e) => this.paths.addRemove(e.added, e.removed)));
    } catch (error) {
      // Thrown when the client does not support workspace folders: the initial ones stay.
      this.logger.debug('workspace folder changes not supported by this client: %s', String(error));
    }
    if (this.engine) void this.connection.sendNotification(CompletionStatusNotification.type, this.engine.status);
    this.logger.info(`completion server ready (model ${this.settings.completion.model || 'not set'})`);
  }

  private applySettings(next: ServerSettings): void {
    this.settings = next;
    const engine = this.engine;
    if (!engine) return;
    if (hostKey(resolveHost(next.ollamaHost, this.env.ollamaHostEnv)) !== this.hostKey) {
      engine.setApi(this.createApi(next.ollamaHost));
    }
    engine.updateSettings(next.completion);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (error) {
        this.logger.warn('dispose failed: %s', String(error));
      }
    }
    this.engine = undefined;
  }
}

/** Registers every handler on `connection`; the caller calls `connection.listen()`. */
export function startCompletionServer(connection: Connection, env: ServerEnvironment): { dispose(): void } {
  const server = new CompletionServer(connection, env);
  return { dispose: () => server.dispose() };
}
