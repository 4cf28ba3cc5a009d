/**
 * The language server: one host for the features (inline completion,
 * Modelfiles). The host owns what they share (the connection, the synced
 * documents, the settings, the Ollama client) and negotiates capabilities: each
 * feature's offers are registered dynamically for the feature's own documents
 * when the client supports it, and announced statically otherwise.
 */
import {
  RegistrationType,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type Disposable,
  type InitializeParams,
  type InitializeResult,
  type ServerCapabilities,
} from 'vscode-languageserver';
import type { Logger } from '../core/log';
import { createOllamaClient } from '../core/ollama/client';
import { resolveHost } from '../core/ollama/host';
import type { OllamaApi, ResolvedHost } from '../core/ollama/types';
import { connectionLogger } from './connection-logger';
import { DocumentSync } from './document-sync';
import type { CapabilityOffer, FeatureContext, FeatureFactory, OfferedMethod, OfferHandle, ServerEnvironment, ServerFeature } from './feature';
import { carriesServerSettings, readServerSettings, type ServerSettings } from './server-settings';

export type { ServerEnvironment } from './feature';

/** What the Ollama client is built from: a change in any of it needs a new client. */
function hostKey(host: ResolvedHost, settings: ServerSettings): string {
  return `${host.url}\u0000${host.authorization ?? ''}\u0000${settings.streamIdleTimeoutSeconds}`;
}

function registersDynamically(capabilities: ClientCapabilities, method: OfferedMethod): boolean {
  const td = capabilities.textDocument;
  switch (method) {
    case 'textDocument/inlineCompletion':
      return td?.inlineCompletion?.dynamicRegistration === true;
    case 'textDocument/completion':
      return td?.completion?.dynamicRegistration === true;
    case 'textDocument/hover':
      return td?.hover?.dynamicRegistration === true;
    case 'textDocument/documentSymbol':
      return td?.documentSymbol?.dynamicRegistration === true;
    case 'textDocument/formatting':
      return td?.formatting?.dynamicRegistration === true;
    default: {
      const never: never = method;
      throw new Error(`unknown method ${String(never)}`);
    }
  }
}

/** Shallow merge, one level deeper for the `workspace` object two features may both fill. */
function mergeCapabilities(into: ServerCapabilities, more: ServerCapabilities): ServerCapabilities {
  return { ...into, ...more, ...(into.workspace && more.workspace ? { workspace: { ...into.workspace, ...more.workspace } } : {}) };
}

/** One dynamic registration, re-made in order when its selector changes. */
class DynamicRegistration implements OfferHandle {
  readonly dynamic = true;
  private chain: Promise<Disposable | undefined> = Promise.resolve(undefined);
  private live = false;

  constructor(
    private readonly connection: Connection,
    private readonly offer: CapabilityOffer,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.live = true;
    this.refresh();
  }

  refresh(): void {
    if (!this.live) return;
    this.chain = this.chain.then(async (previous) => {
      previous?.dispose();
      const documentSelector = this.offer.selector();
      if (!documentSelector || !this.live) return undefined;
      try {
        return await this.connection.client.register(new RegistrationType<object>(this.offer.method), { ...(this.offer.options?.() ?? {}), documentSelector });
      } catch (error) {
        this.logger.warn(`could not register ${this.offer.method}: ${String(error)}`);
        return undefined;
      }
    });
  }

  dispose(): void {
    this.live = false;
    void this.chain.then((last) => last?.dispose());
  }
}

const staticHandle: OfferHandle = { dynamic: false, refresh() {} };

class ServerHost {
  private readonly logger: Logger;
  private readonly sync: DocumentSync;
  private settings: ServerSettings = readServerSettings(undefined);
  private api: OllamaApi | undefined;
  /** The host the client talks to: URL and credentials (a changed password needs a new client too). */
  private hostKey = '';
  private readonly features: ServerFeature[];
  private readonly registrations: DynamicRegistration[] = [];
  private readonly disposables: { dispose(): void }[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly env: ServerEnvironment,
    factories: readonly FeatureFactory[],
  ) {
    this.logger = connectionLogger(connection.console, 'server');
    this.sync = new DocumentSync(this.logger);
    const ctx: FeatureContext = {
      connection,
      documents: this.sync.documents,
      isOutOfSync: (uri) => this.sync.isOutOfSync(uri),
      logger: (tag) => connectionLogger(connection.console, tag),
      settings: () => this.settings,
      api: () => this.requireApi(),
    };
    this.features = factories.map((create) => create(ctx));
    this.disposables.push(
      this.sync.documents.listen(connection),
      connection.onInitialize((params) => this.initialize(params)),
      connection.onInitialized(() => this.initialized()),
      connection.onDidChangeConfiguration((params) => {
        if (carriesServerSettings(params.settings)) this.applySettings(readServerSettings(params.settings));
        else this.logger.debug('configuration change without Unbound settings: ignored');
      }),
      connection.onShutdown(() => this.dispose()),
    );
  }

  private requireApi(): OllamaApi {
    if (!this.api) throw new Error('Ollama client used before initialize');
    return this.api;
  }

  private createApi(settings: ServerSettings): OllamaApi {
    const host = resolveHost(settings.ollamaHost, this.env.ollamaHostEnv);
    this.hostKey = hostKey(host, settings);
    this.logger.info(`Ollama host ${host.url} (from ${host.source})`);
    for (const warning of host.warnings) this.logger.warn(warning);
    return createOllamaClient({ host, logger: this.logger, streamIdleTimeoutMs: settings.streamIdleTimeoutSeconds * 1000 });
  }

  private initialize(params: InitializeParams): InitializeResult {
    this.settings = readServerSettings(params.initializationOptions);
    this.api = this.createApi(this.settings);
    let capabilities: ServerCapabilities = {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    };
    for (const feature of this.features) {
      const offered: ServerCapabilities[] = [];
      const own = feature.initialize(params, {
        offer: (offer) => {
          if (!registersDynamically(params.capabilities, offer.method)) {
            offered.push(offer.staticCapabilities);
            return staticHandle;
          }
          const registration = new DynamicRegistration(this.connection, offer, this.logger);
          this.registrations.push(registration);
          return registration;
        },
      });
      for (const more of [...offered, own ?? {}]) capabilities = mergeCapabilities(capabilities, more);
    }
    return { capabilities, serverInfo: { name: 'unbound', version: this.env.version } };
  }

  private initialized(): void {
    for (const registration of this.registrations) registration.start();
    for (const feature of this.features) feature.initialized?.();
  }

  private applySettings(next: ServerSettings): void {
    this.settings = next;
    if (this.api && hostKey(resolveHost(next.ollamaHost, this.env.ollamaHostEnv), next) !== this.hostKey) {
      const api = this.createApi(next);
      this.api = api;
      for (const feature of this.features) feature.apiChanged?.(api);
    }
    for (const feature of this.features) feature.settingsChanged?.(next);
  }

  dispose(): void {
    const all: { dispose(): void }[] = [...this.registrations.splice(0), ...this.features.splice(0), ...this.disposables.splice(0)];
    for (const d of all.reverse()) {
      try {
        d.dispose();
      } catch (error) {
        this.logger.warn('dispose failed: %s', String(error));
      }
    }
    this.api = undefined;
  }
}

/** Registers every handler on `connection`; the caller calls `connection.listen()`. */
export function startServer(connection: Connection, env: ServerEnvironment, features: readonly FeatureFactory[]): { dispose(): void } {
  const host = new ServerHost(connection, env, features);
  return { dispose: () => host.dispose() };
}
