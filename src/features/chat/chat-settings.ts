/**
 * `unbound.chat.*` as plain data (the model itself is `unbound.chat.model` in the shared
 * settings). The stream idle limit is not here: it is `unbound.ollama.streamIdleTimeoutSeconds`,
 * applied by the client, which is rebuilt when it changes.
 */
import * as vscode from 'vscode';
import { readPresets, type Preset } from '../../core/chat/presets';

export type AutoContext = 'off' | 'selection' | 'file';

export interface ChatSettings {
  readonly contextLength: number;
  readonly keepAlive: string;
  readonly presets: readonly Preset[];
  readonly defaultPreset: string;
  readonly autoContext: AutoContext;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function readChatSettings(): ChatSettings {
  const c = vscode.workspace.getConfiguration('unbound.chat');
  const auto = c.get<string>('autoContext');
  return {
    contextLength: Math.round(positive(c.get('contextLength'), 8192)),
    keepAlive: c.get<string>('keepAlive', '30m') || '30m',
    presets: readPresets(c.get('systemPrompts')),
    defaultPreset: c.get<string>('defaultSystemPrompt', 'none') || 'none',
    autoContext: auto === 'selection' || auto === 'file' ? auto : 'off',
  };
}
