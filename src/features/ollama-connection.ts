import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import { createOllamaClient } from '../core/ollama/client';
import { resolveHost, type HostResolution } from '../core/ollama/host';
import type { OllamaApi } from '../core/ollama/types';
import type { OllamaConnection, SettingsSource } from './context';

/**
 * Owns the client for the configured host. A changed `unbound.ollama.host`
 * builds a new client and tells the features, so they reconnect without a reload.
 */
export class OllamaConnectionService implements OllamaConnection, vscode.Disposable {
  private readonly changed = new Emitter<OllamaApi>();
  private readonly subscription: { dispose(): void };
  private client: OllamaApi;
  private idleSeconds: number;

  readonly onDidChangeHost = this.changed.event;

  constructor(settings: SettingsSource, private readonly log: vscode.LogOutputChannel) {
    this.idleSeconds = settings.current.ollama.streamIdleTimeoutSeconds;
    this.client = this.connect(resolveHost(settings.current.ollama.host, process.env.OLLAMA_HOST));
    this.subscription = settings.onDidChange((s) => {
      const next = resolveHost(s.ollama.host, process.env.OLLAMA_HOST);
      const idle = s.ollama.streamIdleTimeoutSeconds;
      // Same URL, credentials and limits: keep the client (a changed password needs a new one).
      if (next.url === this.client.host.url && next.authorization === this.client.host.authorization && idle === this.idleSeconds) return;
      this.idleSeconds = idle;
      this.client = this.connect(next);
      this.changed.fire(this.client);
    });
  }

  get api(): OllamaApi {
    return this.client;
  }

  private connect(host: HostResolution): OllamaApi {
    this.log.info(`Ollama host: ${host.url} (from ${host.source})`);
    for (const warning of host.warnings) this.log.warn(warning);
    // A refused value is a setting the user must fix: the log alone would leave them wondering why it is ignored.
    if (host.rejected) void vscode.window.showWarningMessage(host.warnings.join(' '));
    return createOllamaClient({ host, logger: this.log, streamIdleTimeoutMs: this.idleSeconds * 1000 });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
