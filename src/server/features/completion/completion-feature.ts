/**
 * Inline completion: owns one CompletionEngine and wires it to the LSP
 * connection. Editor policy (snooze, manual trigger) stays in the client;
 * everything that decides what to send to Ollama lives here, so any LSP editor
 * gets the same completions. Offered for the languages the user enabled, or for
 * every document when all are on ('*'); Modelfiles are never completed here
 * (they have their own feature).
 */
import type { DocumentSelector, InitializeParams, ServerCapabilities, WorkspaceFolder } from 'vscode-languageserver';
import { systemClock } from '../../../core/clock';
import { CompletionEngine } from '../../../core/completion/engine';
import type { Logger } from '../../../core/log';
import type { OllamaApi } from '../../../core/ollama/types';
import type { CompletionSettings } from '../../../core/settings';
import {
  CompletionNoticeNotification,
  CompletionStatusNotification,
  ForegroundStreamsNotification,
  INLINE_COMPLETION_REFRESH_CAPABILITY,
  InlineCompletionCursorNotification,
  InlineCompletionRefreshNotification,
  type InlineCompletionRefreshParams,
  RequestLogRequest,
} from '../../../protocol/completion';
import type { Capabilities, FeatureContext, OfferHandle, ServerFeature } from '../../feature';
import { provideInlineCompletion } from '../../inline-completion';
import { RecentDocuments } from '../../recent-documents';
import { snapshotOf } from '../../text-snapshot';
import type { ServerSettings } from '../../server-settings';
import { WorkspacePaths } from '../../workspace-paths';
import { MODELFILE_LANGUAGE } from '../modelfile/language';
import { errorStack } from '../../../core/error-message';
import { field } from '../../../core/ollama/json-fields';
import { positionProblem } from '../../position-check';

function foldersOf(params: InitializeParams): WorkspaceFolder[] {
  if (params.workspaceFolders) return params.workspaceFolders;
  // Clients that predate workspace folders send only a root.
  const root = params.rootUri;
  if (!root) return [];
  const name = decodeURIComponent(root.replace(/\/+$/, '').split('/').pop() ?? root);
  return [{ uri: root, name }];
}

/** Real documents only: output panes, the SCM input box and virtual documents use other schemes. */
const servedSchemes = ['file', 'untitled'] as const;

/**
 * The languages the user enabled, when the setting names them ('*' off);
 * otherwise every document, since a selector cannot say "all but these"
 * (the client's policy and the Modelfile check below turn the rest away).
 */
export function inlineCompletionSelector(settings: CompletionSettings): DocumentSelector {
  if (settings.languages['*'] !== false) return servedSchemes.map((scheme) => ({ scheme }));
  const languages = Object.entries(settings.languages).filter(([language, on]) => on && language !== '*' && language !== MODELFILE_LANGUAGE);
  return languages.flatMap(([language]) => servedSchemes.map((scheme) => ({ scheme, language })));
}

/**
 * Two turns of the event loop: the first lets data already in the pipe be read (the JSON-RPC
 * reader queues each message and dispatches it from a setImmediate), the second runs after that
 * dispatch, so a didChange that arrived while a debounce timer fired is handled first.
 */
function drainInput(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

class CompletionFeature implements ServerFeature {
  private readonly logger: Logger;
  private readonly paths = new WorkspacePaths();
  private readonly recent = new RecentDocuments();
  private engine: CompletionEngine | undefined;
  private offer: OfferHandle | undefined;
  private selectorKey = '';
  /** The client asks again when told (INLINE_COMPLETION_REFRESH_CAPABILITY): completions may stream. */
  private clientRefreshes = false;
  private lastRefresh = '';
  private readonly disposables: { dispose(): void }[] = [];

  constructor(private readonly ctx: FeatureContext) {
    this.logger = ctx.logger('completion');
    const { connection, documents } = ctx;
    this.disposables.push(
      documents.onDidChangeContent((e) => {
        this.recent.touch(e.document.uri);
        // Every keystroke reaches the engine: it stops a generation the edit made stale and times the debounce from the key.
        this.engine?.documentChanged(e.document.uri, snapshotOf(e.document.getText()));
      }),
      documents.onDidOpen((e) => this.recent.touch(e.document.uri)),
      documents.onDidClose((e) => this.recent.forget(e.document.uri)),
      connection.onNotification(ForegroundStreamsNotification.type, ({ count }) => {
        this.engine?.setForegroundStreams(Number.isFinite(count) ? Math.max(0, Math.floor(count)) : 0);
      }),
      connection.onRequest(RequestLogRequest.type, () => this.engine?.requestLog() ?? []),
      connection.onNotification(InlineCompletionCursorNotification.type, ({ textDocument, position }) => {
        const document = textDocument ? documents.get(textDocument.uri) : undefined;
        // A place the server cannot locate (another version, no editor, a bad position) matches no streamed completion.
        const located = document && position && document.version === textDocument?.version && !positionProblem(document, position) ? document : undefined;
        this.engine?.cursorMoved(
          { uri: textDocument?.uri ?? '', version: textDocument?.version ?? -1, offset: located && position ? located.offsetAt(position) : -1 },
          located && (() => snapshotOf(located.getText())),
        );
      }),
      connection.languages.inlineCompletion.on((params, token) => {
        // A client with static capabilities asks for every document.
        if (documents.get(params.textDocument.uri)?.languageId === MODELFILE_LANGUAGE) return Promise.resolve(null);
        return provideInlineCompletion(params, token, {
          documents,
          paths: this.paths,
          recent: this.recent,
          completer: () => this.requireEngine(),
          repositoryContext: () => this.ctx.settings().completion.repositoryContext,
          logger: this.logger,
          isOutOfSync: (uri) => this.ctx.isOutOfSync(uri),
          ...(this.clientRefreshes ? { refresh: (refresh, generation) => this.sendRefresh(refresh, generation) } : {}),
        }).catch((error: unknown) => {
          // A bug must cost one completion, never the server.
          this.logger.error('inline completion failed: %s', errorStack(error));
          return null;
        });
      }),
    );
  }

  /**
   * Once per generation and place: two requests that followed one generation to the same place
   * (Alt+\ while it streams) end with one update; a later generation for the place gets its own.
   */
  private sendRefresh(refresh: InlineCompletionRefreshParams, generation: number): void {
    const key = JSON.stringify([generation, refresh.textDocument, refresh.position]);
    if (key === this.lastRefresh) return;
    this.lastRefresh = key;
    void this.ctx.connection.sendNotification(InlineCompletionRefreshNotification.type, refresh);
  }

  private requireEngine(): CompletionEngine {
    if (!this.engine) throw new Error('inline completion before initialize');
    return this.engine;
  }

  initialize(params: InitializeParams, capabilities: Capabilities): ServerCapabilities {
    this.paths.setFolders(foldersOf(params));
    this.clientRefreshes = field(params.capabilities.experimental, INLINE_COMPLETION_REFRESH_CAPABILITY) === true;
    const settings = this.ctx.settings();
    const engine = new CompletionEngine({ api: this.ctx.api(), clock: systemClock, logger: this.logger, drainInput }, settings.completion);
    this.engine = engine;
    this.disposables.push(
      engine,
      engine.onDidChangeStatus((status) => void this.ctx.connection.sendNotification(CompletionStatusNotification.type, status)),
      // The engine already tells each condition once until it clears.
      engine.onNotice((notice) => void this.ctx.connection.sendNotification(CompletionNoticeNotification.type, notice)),
    );
    this.selectorKey = JSON.stringify(inlineCompletionSelector(settings.completion));
    this.offer = capabilities.offer({
      method: 'textDocument/inlineCompletion',
      staticCapabilities: { inlineCompletionProvider: true },
      selector: () => inlineCompletionSelector(this.ctx.settings().completion),
    });
    return { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } };
  }

  initialized(): void {
    const workspace = this.ctx.connection.workspace;
    try {
      this.disposables.push(workspace.onDidChangeWorkspaceFolders((e) => this.paths.addRemove(e.added, e.removed)));
    } catch (error) {
      // Thrown when the client does not support workspace folders: the initial ones stay.
      this.logger.debug('workspace folder changes not supported by this client: %s', String(error));
    }
    if (this.engine) void this.ctx.connection.sendNotification(CompletionStatusNotification.type, this.engine.status);
    this.logger.info(`completion server ready (model ${this.ctx.settings().completion.model || 'not set'})`);
  }

  apiChanged(api: OllamaApi): void {
    this.engine?.setApi(api);
  }

  settingsChanged(next: ServerSettings): void {
    this.engine?.updateSettings(next.completion);
    const key = JSON.stringify(inlineCompletionSelector(next.completion));
    if (key !== this.selectorKey) {
      this.selectorKey = key;
      this.offer?.refresh();
    }
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

export function completionFeature(ctx: FeatureContext): ServerFeature {
  return new CompletionFeature(ctx);
}
