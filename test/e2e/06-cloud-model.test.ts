// A cloud model (Ollama runs it on another host) set as the completion model by a workspace's
// settings is refused, so a cloned repository cannot send the user's code off the machine; the
// same model chosen in the user's own settings completes.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { sim } from './support/sim';
import { unbound, waitForRunning } from './support/unbound';
import { sleep, waitFor } from './support/wait';
import type { WhyReport } from '../../src/features/completion/why-report';

const CLOUD = 'qwen3-coder:480b-cloud';
const GHOST = 'return sum(values) / len(values)  # CLOUD_GHOST';

function workspaceFile(rel: string): vscode.Uri {
  const root = process.env.UNBOUND_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

async function openStats(): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('src/stats.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('def mean'));
  editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);
  return doc;
}

async function typeText(text: string): Promise<void> {
  for (const ch of text) {
    await vscode.commands.executeCommand('type', { text: ch });
    await sleep(30);
  }
}

const cloudGenerates = async () => (await sim.requests()).filter((r) => r.path === '/api/generate' && r.body.model === CLOUD).length;

describe('Unbound and a cloud completion model', () => {
  let api: UnboundApi;
  const config = () => vscode.workspace.getConfiguration('unbound');
  let userModel: string | undefined;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    userModel = config().inspect<string>('completion.model')?.globalValue;
    await sim.addModel({ name: CLOUD, remoteHost: 'https://ollama.com:443', capabilities: ['completion', 'insert'], family: 'qwen2' });
    await sim.script({ match: { model: CLOUD }, response: GHOST.slice(3) });
  });

  afterEach(async () => {
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  after(async () => {
    await config().update('completion.model', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('completion.model', userModel, vscode.ConfigurationTarget.Global);
    await sim.removeModel(CLOUD);
  });

  it('set in workspace settings: refused, and no code is sent to it', async () => {
    await config().update('completion.model', CLOUD, vscode.ConfigurationTarget.Workspace);
    await waitFor(`the completion status to name ${CLOUD}`, () => api.completionStatusText().includes(CLOUD), { describe: () => api.completionStatusText() });
    await openStats();
    await typeText('    ret');
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    await waitFor('the completion status to warn', () => api.completionStatusText().includes('$(warning)'), {
      timeoutMs: 20_000,
      describe: () => api.completionStatusText(),
    });
    // The read-only "Why no completion?" page; the command returns what it shows.
    const report = await vscode.commands.executeCommand<WhyReport>('unbound.completion.whyNoCompletion');
    const log = JSON.stringify(report);
    assert.match(log, /remote-model/, log);
    assert.equal(await cloudGenerates(), 0, 'no generate request reached the cloud model');
  });

  it('chosen in user settings: completes', async () => {
    await config().update('completion.model', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('completion.model', CLOUD, vscode.ConfigurationTarget.Global);
    const doc = await openStats();
    await typeText('    ret');
    await waitFor('the cloud model\'s ghost text accepted into stats.py', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return doc.getText().includes(GHOST);
    }, { timeoutMs: 20_000, everyMs: 250, describe: () => ({ text: doc.getText(), status: api.completionStatusText() }) });
    assert.ok((await cloudGenerates()) > 0);
  });
});
