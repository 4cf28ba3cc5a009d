// Reaches the extension under test through its public API (src/features/api.ts): the suite reads
// what the status bar, the models tree and the completion status show from there.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../../src/features/api';
import { waitFor } from './wait';

export const EXTENSION_ID = 'unbound.unbound';

export async function unbound(): Promise<UnboundApi> {
  const ext = vscode.extensions.getExtension<UnboundApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is installed in the extension host`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api && typeof api.statusBarText === 'function', 'activate() returned the Unbound API');
  return api;
}

/** Waits until the status bar shows a running Ollama that Unbound started itself. */
export async function waitForRunning(api: UnboundApi, timeoutMs = 30_000): Promise<void> {
  await waitFor('Ollama running (started by Unbound)', () => {
    const s = api.daemon.state;
    return s.kind === 'running' && s.owner === 'unbound' && api.statusBarText().includes('Ollama 0.33.0');
  }, { timeoutMs, describe: () => ({ state: api.daemon.state, statusBar: api.statusBarText() }) });
}

export async function installedModels(api: UnboundApi): Promise<string[]> {
  const tree = await api.modelTree();
  const group = tree.find((g) => /installed/i.test(g.label));
  return group ? group.children.map((c) => c.label) : [];
}

export function setting<T>(key: string, value: T): Thenable<void> {
  const dot = key.indexOf('.');
  return vscode.workspace.getConfiguration(key.slice(0, dot)).update(key.slice(dot + 1), value, vscode.ConfigurationTarget.Global);
}
