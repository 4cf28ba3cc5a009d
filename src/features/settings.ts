import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import { oneOf, readCompletionSettings } from '../core/read-completion-settings';
import { settingTarget, workspaceWriteNotice, type WritableSetting, type WritableSettings } from '../core/setting-target';
import { defaultOllamaSettings, streamIdleTimeoutSeconds, type AutoStart, type OllamaSettings, type UnboundSettings } from '../core/settings';
import type { SettingsSource } from './context';

/**
 * Reads `unbound.*` into the plain UnboundSettings shape and re-reads on change,
 * so every feature reacts to a changed setting without a reload.
 */
export class VscodeSettings implements SettingsSource, vscode.Disposable {
  private readonly changed = new Emitter<UnboundSettings>();
  private readonly listener: vscode.Disposable;
  private value: UnboundSettings;

  readonly onDidChange = this.changed.event;

  constructor() {
    this.value = readSettings();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('unbound')) return;
      this.value = readSettings();
      this.changed.fire(this.value);
    });
  }

  get current(): UnboundSettings {
    return this.value;
  }

  async update<K extends WritableSetting>(key: K, value: WritableSettings[K]): Promise<void> {
    const config = vscode.workspace.getConfiguration('unbound');
    const target = settingTarget(config.inspect(key));
    await config.update(key, value, target === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global);
    if (target === 'workspace') void vscode.window.showInformationMessage(workspaceWriteNotice(key));
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}

function readSettings(): UnboundSettings {
  const c = vscode.workspace.getConfiguration('unbound');
  return {
    ollama: readOllama(c),
    // The section as one object: the same reader (defaults, limits) as the language server's.
    completion: { ...readCompletionSettings(c.get<unknown>('completion')), modelFromUserSettings: !setByWorkspace(c, 'completion.model') },
    chatModel: c.get<string>('chat.model', '').trim(),
  };
}

/**
 * Settings that name a host or an executable are read from the user's own scopes
 * only: a cloned workspace must not make Unbound run a binary or send code elsewhere,
 * whatever the workspace's trust state.
 */
function userValue<T>(c: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const inspected = c.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** Whether a workspace (or folder) value is the one in effect: it may come from a cloned repository. */
function setByWorkspace(c: vscode.WorkspaceConfiguration, key: string): boolean {
  const inspected = c.inspect<unknown>(key);
  return inspected?.workspaceFolderValue !== undefined || inspected?.workspaceValue !== undefined;
}

function readOllama(c: vscode.WorkspaceConfiguration): OllamaSettings {
  const d = defaultOllamaSettings;
  return {
    host: userValue(c, 'ollama.host', d.host).trim(),
    path: userValue(c, 'ollama.path', d.path).trim(),
    autoStart: oneOf<AutoStart>(c.get('ollama.autoStart'), ['ask', 'always', 'never'], d.autoStart),
    env: stringRecord(userValue<unknown>(c, 'ollama.env', d.env)),
    startTimeoutSeconds: positive(c.get('ollama.startTimeoutSeconds'), d.startTimeoutSeconds),
    streamIdleTimeoutSeconds: streamIdleTimeoutSeconds(c.get('ollama.streamIdleTimeoutSeconds')),
  };
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

