// Completion: typing shows the model's ghost text (scripted in the simulator), Tab accepts it
// into the document, and a model without fill-in-the-middle gets a clear message instead.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import type { WhyReport } from '../../src/features/completion/why-report';
import { completionServerPids, killHard } from './support/processes';
import { sim } from './support/sim';
import { setting, unbound, waitForRunning } from './support/unbound';
import { figure, sleep, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

const FIM = 'qwen2.5-coder:1.5b-base';
const NO_FIM = 'dolphin3:8b';
const GHOST = 'return sum(values) / len(values)  # UNBOUND_GHOST';

function workspaceFile(rel: string): vscode.Uri {
  const root = process.env.UNBOUND_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

/** Opens stats.py with the cursor on the empty body of mean(), where a user would type. */
async function openStats(): Promise<{ editor: vscode.TextEditor; doc: vscode.TextDocument }> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('src/stats.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('def mean'));
  editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);
  return { editor, doc };
}

async function typeText(text: string): Promise<void> {
  for (const ch of text) {
    await vscode.commands.executeCommand('type', { text: ch });
    await sleep(30);
  }
}

describe('Unbound inline completion', () => {
  let api: UnboundApi;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
  });

  afterEach(async () => {
    // Revert-and-close one by one: closing a dirty editor would open a save dialog nobody answers.
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  /**
   * Types `ret` in mean()'s empty body and accepts the scripted ghost text until the line holds
   * all of it. Accept (commit) only inserts while a suggestion shows, so the document changing is
   * the proof it was shown; a streamed completion may take two accepts (its first words, the rest).
   */
  async function typeAndAcceptGhost(): Promise<vscode.TextDocument> {
    await sim.script({ match: { model: FIM }, response: GHOST.slice(3) });
    const { doc } = await openStats();
    await typeText('    ret');
    await waitFor('the ghost text accepted into stats.py', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return doc.getText().includes(GHOST);
    }, { timeoutMs: 20_000, everyMs: 250, describe: () => ({ text: doc.getText(), status: api.completionStatusText() }) });
    return doc;
  }

  it('shows the model\'s ghost text while typing and Tab accepts it', async () => {
    await setting('unbound.completion.model', FIM);
    await waitFor(`the completion status to name ${FIM}`, () => api.completionStatusText().includes(FIM), { describe: () => api.completionStatusText() });
    const t0 = performance.now();
    const doc = await typeAndAcceptGhost();
    figure('type_to_accepted_ms', performance.now() - t0);
    const requests = await sim.requests();
    const fim = requests.filter((r) => r.path === '/api/generate' && r.body.model === FIM);
    assert.ok(fim.length > 0, 'a generate request went to the FIM model');
    const last = fim[fim.length - 1];
    assert.ok(last && typeof last.body.suffix === 'string' && last.body.suffix.includes('def variance'), 'the request carries the code after the cursor as suffix');
    assert.match(doc.lineAt(doc.getText().split('\n').findIndex((l) => l.includes('UNBOUND_GHOST'))).text, /^ {4}return sum\(values\) \/ len\(values\)/);
  });

  it('"Why no completion?" shows the switches, the model and the last completion', async () => {
    // Its own completion, so it also runs alone (--grep).
    await setting('unbound.completion.model', FIM);
    await typeAndAcceptGhost();
    const report = await vscode.commands.executeCommand<WhyReport>('unbound.completion.whyNoCompletion');
    assert.ok(report, 'the command returns what its page shows');
    assert.ok(report.facts.includes('Inline completions: on'), JSON.stringify(report.facts));
    assert.ok(report.facts.includes(`Model: ${FIM}`), JSON.stringify(report.facts));
    assert.ok(report.rows.some((r) => r.final.includes('UNBOUND_GHOST')), `the last completion's text is in the log: ${JSON.stringify(report.rows.slice(0, 3))}`);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('unbound.whyNoCompletion'));
    if (tab) await vscode.window.tabGroups.close(tab);
  });

  it('Toggle Inline Completions stops the requests, and toggling again brings them back', async () => {
    const generates = async () => (await sim.requests()).filter((r) => r.path === '/api/generate').length;
    await vscode.commands.executeCommand('unbound.completion.toggle');
    try {
      await waitFor('the completion status to say off', () => /off/i.test(api.completionStatusText()), { describe: () => api.completionStatusText() });
      const before = await generates();
      const { doc } = await openStats();
      await typeText('    ret');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      await sleep(1_500);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      assert.equal(await generates(), before, 'no request reaches Ollama while completions are off');
      assert.ok(!doc.getText().includes('UNBOUND_GHOST'), 'no ghost text while completions are off');
    } finally {
      await vscode.commands.executeCommand('unbound.completion.toggle');
    }
    await waitFor('the completion status to name the model again', () => api.completionStatusText().includes(FIM), { describe: () => api.completionStatusText() });
  });

  it('restarts a crashed completion server, which then completes again', async function () {
    if (!existsSync('/proc')) this.skip(); // finds the server through /proc
    const before = completionServerPids();
    assert.equal(before.length, 1, `one completion server runs: ${JSON.stringify(before)}`);
    killHard(before);
    const after = await waitFor('a new completion server process', () => {
      const now = completionServerPids().filter((pid) => !before.includes(pid));
      return now.length > 0 && now;
    }, { timeoutMs: 20_000 });
    assert.ok(after.length === 1, `exactly one new server: ${JSON.stringify(after)}`);
    await waitFor(`the completion status to name ${FIM} again`, () => api.completionStatusText().includes(FIM), { describe: () => api.completionStatusText() });
    await sim.script({ match: { model: FIM }, response: GHOST.slice(3) });
    const { doc } = await openStats();
    await typeText('    ret');
    await waitFor('ghost text from the restarted server accepted into stats.py', async () => {
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return doc.getText().includes(GHOST);
    }, { timeoutMs: 20_000, everyMs: 250, describe: () => ({ text: doc.getText(), status: api.completionStatusText() }) });
  });

  it('explains that a model without fill-in-the-middle cannot complete', async () => {
    const spy = WindowSpy.install();
    try {
      const since = Date.now();
      await setting('unbound.completion.model', NO_FIM);
      // The language server learns of the new model asynchronously; the status bar shows when it has.
      await waitFor(`the completion status to name ${NO_FIM}`, () => api.completionStatusText().includes(NO_FIM), { describe: () => api.completionStatusText() });
      const { doc } = await openStats();
      assert.ok(!doc.getText().includes('UNBOUND_GHOST'), `stats.py starts clean: ${doc.getText()}`);
      await typeText('    ret');
      await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
      const said = await waitFor(`a message that ${NO_FIM} cannot fill in the middle`, () => {
        const texts = [api.completionStatusText(), ...spy.messagesSince(since).map((m) => m.message)];
        return texts.find((t) => t.includes(NO_FIM) && /fill[ -]in[ -]the[ -]middle|\bFIM\b/i.test(t));
      }, { timeoutMs: 20_000, describe: () => ({ status: api.completionStatusText(), shown: spy.shown }) });
      assert.ok(said);
      await vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      const generates = (await sim.requests()).filter((r) => r.path === '/api/generate').map((r) => r.body.model);
      assert.ok(!doc.getText().includes('UNBOUND_GHOST'), `no ghost text while a chat model is chosen (generate requests: ${generates.join(', ')}; status: ${api.completionStatusText()})`);
      // One clear notice, not a storm of them while typing.
      assert.ok(spy.messagesSince(since).length <= 1, `notices: ${JSON.stringify(spy.messagesSince(since))}`);
    } finally {
      spy.dispose();
      await setting('unbound.completion.model', FIM);
    }
  });
});
