import * as vscode from 'vscode';
import { Emitter } from '../core/events';
import {
  defaultCompletionSettings,
  defaultOllamaSettings,
  type AutoStart,
  type CompletionSettings,
  type MultilineMode,
  type OllamaSettings,
  type TriggerMode,
  type UnboundSettings,
} from '../core/settings';
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

  update(key: 'completion.model' | 'chat.model' | 'ollama.autoStart', value: string): Thenable<void> {
    return vscode.workspace.getConfiguration('unbound').update(key, value, vscode.ConfigurationTarget.Global);
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
    completion: readCompletion(c),
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

function readOllama(c: vscode.WorkspaceConfiguration): OllamaSettings {
  const d = defaultOllamaSettings;
  return {
    host: userValue(c, 'ollama.host', d.host).trim(),
    path: userValue(c, 'ollama.path', d.path).trim(),
    autoStart: oneOf<AutoStart>(c.get('ollama.autoStart'), ['ask', 'always', 'never'], d.autoStart),
    env: stringRecord(userValue<unknown>(c, 'ollama.env', d.env)),
    startTimeoutSeconds: positive(c.get('ollama.startTimeoutSeconds'), d.startTimeoutSeconds),
  };
}

function readCompletion(c: vscode.WorkspaceConfiguration): CompletionSettings {
  const d = defaultCompletionSettings;
  return {
    enabled: c.get<boolean>('completion.enabled', d.enabled),
    model: c.get<string>('completion.model', d.model).trim(),
    languages: booleanRecord(c.get<unknown>('completion.languages', d.languages)),
    triggerMode: oneOf<TriggerMode>(c.get('completion.triggerMode'), ['automatic', 'manual'], d.triggerMode),
    debounceMs: nonNegative(c.get('completion.debounceMs'), d.debounceMs),
    adaptiveDebounce: c.get<boolean>('completion.adaptiveDebounce', d.adaptiveDebounce),
    maxTokens: positive(c.get('completion.maxTokens'), d.maxTokens),
    temperature: nonNegative(c.get('completion.temperature'), d.temperature),
    contextLength: positive(c.get('completion.contextLength'), d.contextLength),
    keepAlive: c.get<string>('completion.keepAlive', d.keepAlive).trim() || d.keepAlive,
    multiline: oneOf<MultilineMode>(c.get('completion.multiline'), ['auto', 'always', 'never'], d.multiline),
    yieldToChat: c.get<boolean>('completion.yieldToChat', d.yieldToChat),
    repositoryContext: c.get<boolean>('completion.repositoryContext', d.repositoryContext),
  };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

function booleanRecord(value: unknown): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'boolean') out[k] = v;
  }
  return out;
}
