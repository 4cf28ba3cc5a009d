import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { systemClock } from '../../core/clock';
import { probeWithApi } from '../../core/daemon/api-probe';
import { DaemonManager } from '../../core/daemon/daemon-manager';
import type { Platform } from '../../core/daemon/find-binary';
import { nodeFileProbe } from '../../core/daemon/node-file-probe';
import { nodeProcessTree } from '../../core/daemon/node-process-tree';
import type { Spawner } from '../../core/daemon/server-process';
import type { DaemonState } from '../../core/daemon/state';
import type { Event } from '../../core/events';
import type { ResolvedHost } from '../../core/ollama/types';
import type { DaemonControl, OllamaConnection, SettingsSource } from '../context';

export interface DaemonControlDeps {
  /** The "Unbound" log. */
  readonly log: vscode.LogOutputChannel;
  readonly settings: SettingsSource;
  readonly connection: OllamaConnection;
  /** Defaults to child_process.spawn. */
  readonly spawner?: Spawner;
}

/**
 * The daemon as the extension sees it: the core DaemonManager wired to the real
 * process, file system and clock, plus the "Unbound: Ollama" channel that
 * receives the server's own output. Built once by extension.ts, which owns it
 * and puts it into UnboundContext.daemon.
 */
export class DaemonService implements DaemonControl, vscode.Disposable {
  private readonly manager: DaemonManager;
  /** `ollama serve` output of a server Unbound started. */
  readonly serverLog: vscode.LogOutputChannel;
  private readonly hostSubscription: { dispose(): void };
  /** The address the last look was at: new credentials alone do not move the server. */
  private hostUrl: string;

  constructor(private readonly deps: DaemonControlDeps) {
    this.serverLog = vscode.window.createOutputChannel('Unbound: Ollama', { log: true });
    this.manager = new DaemonManager({
      host: () => deps.connection.api.host,
      settings: () => deps.settings.current.ollama,
      probe: probeWithApi(() => deps.connection.api),
      spawner: deps.spawner ?? spawn,
      processes: nodeProcessTree,
      fs: nodeFileProbe,
      env: process.env,
      platform: toPlatform(process.platform),
      clock: systemClock,
      log: deps.log,
      serverLog: this.serverLog,
    });
    this.hostUrl = deps.connection.api.host.url;
    this.hostSubscription = deps.connection.onDidChangeHost(() => void this.onHostChanged());
  }

  get state(): DaemonState {
    return this.manager.state;
  }

  get onDidChangeState(): Event<DaemonState> {
    return this.manager.onDidChangeState;
  }

  get ownPid(): number | undefined {
    return this.manager.childPid;
  }

  get hasSpawned(): boolean {
    return this.manager.hasSpawned;
  }

  get host(): ResolvedHost {
    return this.deps.connection.api.host;
  }

  start(): Promise<void> {
    return this.manager.start();
  }

  stop(): Promise<void> {
    return this.manager.stop();
  }

  restart(): Promise<void> {
    return this.manager.restart();
  }

  refresh(): Promise<DaemonState> {
    return this.manager.refresh();
  }

  /** New credentials alone do not move the server; a new address may (DaemonManager.hostChanged). */
  private async onHostChanged(): Promise<void> {
    const moved = this.host.url !== this.hostUrl;
    this.hostUrl = this.host.url;
    await (moved ? this.manager.hostChanged() : this.manager.refresh());
  }

  /** Stops the server Unbound started and resolves when it and what it started are gone (deactivate()). */
  async shutdown(): Promise<void> {
    this.hostSubscription.dispose();
    await this.manager.shutdown();
  }

  dispose(): void {
    this.hostSubscription.dispose();
    this.manager.dispose();
    this.serverLog.dispose();
  }
}

function toPlatform(platform: NodeJS.Platform): Platform {
  if (platform === 'darwin' || platform === 'win32') return platform;
  // The BSDs and others install like Linux does, if at all.
  return 'linux';
}
