/**
 * A small LSP client over a child process's stdio, as an editor drives the
 * completion server: open/change documents, ask for inline completions,
 * cancel them ($/cancelRequest), record the server's notifications. Used by
 * the LSP tests and the completion benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  CancellationTokenSource,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  InlineCompletionRequest,
  InlineCompletionTriggerKind,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  UnregistrationRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type PublishDiagnosticsParams,
  type Registration,
  type InlineCompletionItem,
  type InlineCompletionList,
  type Position,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { RequestLogEntry } from '../../src/core/completion/api';
import {
  InlineCompletionRefreshNotification,
  type InlineCompletionRefreshParams,
  CompletionNoticeNotification,
  CompletionStatusNotification,
  ForegroundStreamsNotification,
  RequestLogRequest,
  type CompletionNotice,
  type CompletionServerSettings,
} from '../../src/protocol/completion';
import type { EngineStatus } from '../../src/core/completion/api';

export interface Received<T> {
  readonly at: number;
  readonly params: T;
}

export interface PendingCompletion {
  readonly sentAt: number;
  /** Resolves with the items (empty when nothing to show, null when the server declined or the request was cancelled). */
  readonly result: Promise<InlineCompletionItem[] | null>;
  /** Sends $/cancelRequest, as VS Code does when the user types on. Returns when it was sent. */
  cancel(): number;
}

interface OpenDocument {
  text: string;
  version: number;
}

export interface LspClientOptions {
  readonly serverPath: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Echo the server's log lines (window/logMessage) to stderr. */
  readonly echoLog?: boolean;
}

/** Line/character of `offset` in `text` (LSP positions count UTF-16 code units, as JS strings do). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export class LspClient {
  readonly statuses: Received<EngineStatus>[] = [];
  readonly notices: Received<CompletionNotice>[] = [];
  readonly logs: { readonly type: number; readonly message: string }[] = [];
  readonly stderr: string[] = [];
  /** Capabilities the server registered dynamically (client/registerCapability) and has not unregistered. */
  readonly registrations: Registration[] = [];
  readonly diagnostics: Received<PublishDiagnosticsParams>[] = [];
  /** unbound/inlineCompletionRefresh: the server says a streamed completion has more to show. */
  readonly refreshes: Received<InlineCompletionRefreshParams>[] = [];
  private readonly documents = new Map<string, OpenDocument>();
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    options: LspClientOptions,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    connection.onNotification(CompletionStatusNotification.type, (params: EngineStatus) => {
      this.statuses.push({ at: performance.now(), params });
    });
    connection.onNotification(CompletionNoticeNotification.type, (params: CompletionNotice) => {
      this.notices.push({ at: performance.now(), params });
    });
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
    });
    connection.onRequest(UnregistrationRequest.type, (params) => {
      const gone = new Set(params.unregisterations.map((u) => u.id));
      this.registrations.splice(0, this.registrations.length, ...this.registrations.filter((r) => !gone.has(r.id)));
    });
    connection.onNotification(InlineCompletionRefreshNotification.type, (params: InlineCompletionRefreshParams) => {
      this.refreshes.push({ at: performance.now(), params });
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.diagnostics.push({ at: performance.now(), params });
    });
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      if (options.echoLog) process.stderr.write(`[server] ${params.message}\n`);
    });
    connection.listen();
  }

  static spawn(options: LspClientOptions): LspClient {
    const child = spawn(process.execPath, [options.serverPath, '--stdio'], {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    if (!child.stdout || !child.stdin) throw new Error('server spawned without stdio');
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    return new LspClient(child, connection, options);
  }

  /** The server process is still running. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** `capabilities` defaults to a client that registers nothing dynamically (as Neovim). */
  async initialize(
    initializationOptions: CompletionServerSettings,
    rootUri: string | null = null,
    capabilities: ClientCapabilities = { textDocument: { inlineCompletion: { dynamicRegistration: false } } },
  ): Promise<InitializeResult> {
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: rootUri.split('/').pop() ?? 'root' }] : null,
      capabilities,
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  changeConfiguration(settings: CompletionServerSettings): Promise<void> {
    return this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  setForegroundStreams(count: number): Promise<void> {
    return this.connection.sendNotification(ForegroundStreamsNotification.type, { count });
  }

  requestLog(): Promise<readonly RequestLogEntry[]> {
    return this.connection.sendRequest(RequestLogRequest.type);
  }

  open(uri: string, languageId: string, text: string): Promise<void> {
    this.documents.set(uri, { text, version: 1 });
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
  }

  close(uri: string): Promise<void> {
    this.documents.delete(uri);
    return this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  text(uri: string): string {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    return doc.text;
  }

  /** Replaces [start, end) with `insert` as one incremental change; returns the new version. */
  edit(uri: string, start: number, end: number, insert: string): number {
    const doc = this.documents.get(uri);
    if (!doc) throw new Error(`${uri} is not open`);
    const range = { start: positionAt(doc.text, start), end: positionAt(doc.text, end) };
    doc.text = doc.text.slice(0, start) + insert + doc.text.slice(end);
    doc.version++;
    void this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: doc.version },
      contentChanges: [{ range, text: insert }],
    });
    return doc.version;
  }

  insert(uri: string, offset: number, text: string): number {
    return this.edit(uri, offset, offset, text);
  }

  inlineCompletion(uri: string, offset: number, trigger: 'automatic' | 'manual' = 'automatic'): PendingCompletion {
    const position = positionAt(this.text(uri), offset);
    const source = new CancellationTokenSource();
    const sentAt = performance.now();
    const result = this.connection
      .sendRequest(
        InlineCompletionRequest.type,
        {
          textDocument: { uri },
          position,
          context: { triggerKind: trigger === 'manual' ? InlineCompletionTriggerKind.Invoked : InlineCompletionTriggerKind.Automatic },
        },
        source.token,
      )
      .then((r: InlineCompletionList | InlineCompletionItem[] | null) => (r === null ? null : Array.isArray(r) ? r : r.items))
      .catch((error: unknown) => {
        // A cancelled request rejects with RequestCancelled; to the editor that is "nothing".
        if (source.token.isCancellationRequested) return null;
        throw error;
      })
      .finally(() => source.dispose());
    return {
      sentAt,
      result,
      cancel: () => {
        source.cancel();
        return performance.now();
      },
    };
  }

  /** Resolves when a notification matching `pred` was (or already had been) received. */
  async waitFor<T>(list: readonly Received<T>[], pred: (value: T) => boolean, timeoutMs = 5000): Promise<Received<T>> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = list.find((r) => pred(r.params));
      if (found) return found;
      if (performance.now() > deadline) throw new Error(`no matching notification within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** shutdown + exit, then waits for the process; kills it if it does not go. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      try {
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((resolve) => setTimeout(resolve, 2000))]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The connection may already be gone.
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    this.connection.dispose();
    return this.exitCode ?? null;
  }
}
