import type * as vscode from 'vscode';
import type { Event } from '../core/events';
import type { DaemonState } from '../core/daemon/state';
import type { OllamaApi } from '../core/ollama/types';
import type { WritableSetting, WritableSettings } from '../core/setting-target';
import type { UnboundSettings } from '../core/settings';

/**
 * The single context object (rust-analyzer's `Ctx`): built once in extension.ts,
 * handed to every feature. A feature registers what it creates in `subscriptions`
 * so deactivation disposes it.
 */
export interface UnboundContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly subscriptions: { push(...items: vscode.Disposable[]): unknown };
  readonly settings: SettingsSource;
  readonly ollama: OllamaConnection;
  readonly daemon: DaemonControl;
}

export interface SettingsSource {
  readonly current: UnboundSettings;
  /** Fires after any `unbound.*` setting changed, with the new values. */
  readonly onDidChange: Event<UnboundSettings>;
  /**
   * Writes a setting where it takes effect: the user settings, or the workspace's
   * when it sets a value of its own (which would win), and then says so.
   */
  update<K extends WritableSetting>(key: K, value: WritableSettings[K]): Thenable<void>;
}

/** The client for the current host; replaced (and the event fired) when the host setting changes. */
export interface OllamaConnection {
  readonly api: OllamaApi;
  readonly onDidChangeHost: Event<OllamaApi>;
}

export interface DaemonControl {
  readonly state: DaemonState;
  readonly onDidChangeState: Event<DaemonState>;
  /** The pid of the `ollama serve` Unbound started, while it runs. */
  readonly ownPid: number | undefined;
  /** Whether Unbound ran `ollama serve` in this session, i.e. whether the server log has anything to show. */
  readonly hasSpawned: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Probes once and settles the state; starts nothing. */
  refresh(): Promise<DaemonState>;
}
