// The first ten minutes: at every step Unbound offers exactly the next step that works. Read
// through the window spy (notification texts and buttons), the status items' texts and commands,
// and the "Why no completion?" command's report. Runs before 09, which expects a running daemon.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import type { WhyReport } from '../../src/features/completion/why-report';
import { simUrl } from './support/sim';
import { installedModels, setting, unbound, waitForRunning } from './support/unbound';
import { sleep, waitFor } from './support/wait';
import { WindowSpy, type Shown } from './support/window-spy';

const FIM = 'qwen2.5-coder:1.5b-base';
const CHAT = 'dolphin3:8b';
/** An address nothing listens on (a port just freed), so a connection is refused at once. */
async function nobody(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

function workspaceFile(rel: string): vscode.Uri {
  const root = process.env.UNBOUND_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

/** Types in mean()'s empty body, which asks the completion engine (and so raises its notices). */
async function typeInStats(): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('src/stats.py'));
  const editor = await vscode.window.showTextDocument(doc);
  const line = doc.getText().split('\n').findIndex((l) => l.startsWith('def mean'));
  editor.selection = new vscode.Selection(line + 1, 0, line + 1, 0);
  for (const ch of '    r') {
    await vscode.commands.executeCommand('type', { text: ch });
    await sleep(40);
  }
  await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
}

async function closeEditors(): Promise<void> {
  for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

/**
 * `unbound.ollama.path` is machine-scoped: a code-server window reads it from the remote
 * machine settings file the runner wrote (next to the results file), so the test edits that file.
 */
function machineSettingsFile(): string {
  const results = process.env.UNBOUND_E2E_RESULTS;
  assert.ok(results, 'UNBOUND_E2E_RESULTS is set by the runner');
  return path.join(path.dirname(path.dirname(results)), 'user-data', 'Machine', 'settings.json');
}

const describeShown = (shown: readonly Shown[]) => shown.map((s) => `${s.level}: ${s.message} [${s.items.join('] [')}]`);

describe('Unbound first run: one clear way forward at every step', () => {
  let api: UnboundApi;
  let spy: WindowSpy;
  /** When the test brought Ollama back after "not installed". */
  let ollamaBackAt = Number.POSITIVE_INFINITY;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    spy = WindowSpy.install();
  });

  after(async () => {
    spy?.dispose();
    await closeEditors();
    await setting('unbound.completion.model', FIM);
  });

  it('the Ollama status item says one short thing; the models are in its tooltip, not repeated', () => {
    assert.equal(api.statusBarText(), '$(check) Ollama 0.33.0');
  });

  it('no completion model, a code model installed: the notice offers Use It (not a Pull), and the yellow item opens the model picker', async () => {
    const since = Date.now();
    await setting('unbound.completion.model', '');
    await waitFor('the completion item to say "No completion model"', () => /No completion model/.test(api.completionStatusText()), { describe: () => api.completionStatusText() });
    assert.equal(api.completionStatusCommand(), 'unbound.models.chooseCompletionModel');
    await typeInStats();
    const notice = await waitFor('the no-model notice', () => spy.messagesSince(since).find((m) => /inline completions/i.test(m.message)), {
      timeoutMs: 20_000, describe: () => describeShown(spy.messagesSince(since)),
    });
    assert.equal(notice.message, `No model is set for inline completions. ${FIM} is installed and can fill in the middle.`);
    assert.deepEqual(notice.items, ['Use It', 'Choose…']);
    await closeEditors();
  });

  it('"Why no completion?" is a read-only page: the cause once, the fix as a button, nothing to save', async () => {
    // Its own starting point, so it also runs alone (--grep): no completion model set.
    await setting('unbound.completion.model', '');
    await waitFor('the completion item to say "No completion model"', () => /No completion model/.test(api.completionStatusText()), { describe: () => api.completionStatusText() });
    const report = await vscode.commands.executeCommand<WhyReport>('unbound.completion.whyNoCompletion');
    assert.ok(report, 'the command returns what the page shows');
    assert.equal(report.cause, 'No model is chosen for inline completions.');
    assert.equal(report.fix?.command, 'unbound.models.chooseCompletionModel');
    const tab = await waitFor('the "Why No Completion?" tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('unbound.whyNoCompletion')));
    assert.equal(tab.isDirty, false);
    const unsaved = vscode.workspace.textDocuments.filter((d) => d.isUntitled || d.isDirty).map((d) => d.uri.toString());
    assert.deepEqual(unsaved, [], 'no untitled or unsaved document was opened');
    await vscode.window.tabGroups.close(tab);
  });

  it('choosing a chat model for completions says why it cannot work, in a user\'s words, with the safe choice first', async () => {
    // Its own starting point, so it also runs alone (--grep): no completion model set (else
    // "dismissed: nothing changed" and "FIM chosen" would hold before the command ran), and
    // the model list loaded (the command checks the named model against it; with no list yet
    // it would save the chat model without asking).
    await setting('unbound.completion.model', '');
    await waitFor(`${CHAT} and ${FIM} in the installed models`, async () => {
      const installed = await installedModels(api);
      return installed.some((l) => l.includes(CHAT)) && installed.some((l) => l.includes(FIM));
    }, { describe: () => installedModels(api) });
    const since = Date.now();
    spy.answerModal = () => undefined; // Escape: the user dismisses it
    await vscode.commands.executeCommand('unbound.models.setCompletionModel', CHAT);
    const modal = spy.messagesSince(since).find((m) => m.modal);
    assert.ok(modal, `a modal question: ${JSON.stringify(describeShown(spy.messagesSince(since)))}`);
    assert.equal(modal.message, `${CHAT} is a chat model; inline completions need a code model trained to fill in the middle.`);
    assert.deepEqual(modal.items, [`Use ${FIM}`], 'the safe choice is the first (default) button, and a choice that cannot work is not offered');
    assert.equal(vscode.workspace.getConfiguration('unbound').get('completion.model'), '', 'dismissed: nothing changed');

    spy.answerModal = (_message, items) => items[0];
    await vscode.commands.executeCommand('unbound.models.setCompletionModel', CHAT);
    await waitFor(`${FIM} chosen by the safe button`, () => vscode.workspace.getConfiguration('unbound').get('completion.model') === FIM);
    spy.answerModal = () => undefined;
  });

  describe('with no Ollama installed', () => {
    let machineSettings = '';

    before(async () => {
      machineSettings = readFileSync(machineSettingsFile(), 'utf8');
      await setting('unbound.ollama.autoStart', 'never');
      await setting('unbound.completion.model', '');
    });

    after(async () => {
      ollamaBackAt = Date.now();
      writeFileSync(machineSettingsFile(), machineSettings);
      await setting('unbound.ollama.host', simUrl());
      await setting('unbound.ollama.autoStart', 'always');
      await waitFor('the ollama path setting back', () => vscode.workspace.getConfiguration('unbound').get<string>('ollama.path') !== '', { timeoutMs: 20_000 });
      await vscode.commands.executeCommand('unbound.daemon.start');
      await waitForRunning(api);
      // The completion model stays unset: the next test reads the advice that waited for Ollama.
    });

    it('offers only Install and Open Logs: no model advice, no Pull, no Start', async () => {
      const since = Date.now();
      writeFileSync(machineSettingsFile(), JSON.stringify({ 'unbound.ollama.path': '' }));
      await waitFor('the ollama path setting cleared', () => vscode.workspace.getConfiguration('unbound').get<string>('ollama.path') === '', { timeoutMs: 20_000 });
      await setting('unbound.ollama.host', await nobody());
      await waitFor('the daemon to be found not installed', () => api.daemon.state.kind === 'not-installed', {
        timeoutMs: 30_000, describe: () => ({ state: api.daemon.state, path: vscode.workspace.getConfiguration('unbound').get('ollama.path') }),
      });
      const install = await waitFor('the not-installed notice', () => spy.messagesSince(since).find((m) => /not installed/.test(m.message)), {
        describe: () => describeShown(spy.messagesSince(since)),
      });
      assert.deepEqual(install.items, ['Install Ollama', 'Open Logs']);

      // What a user does next: type, and click what the view and the status bar offer.
      await typeInStats();
      assert.equal(api.completionStatusCommand(), 'unbound.daemon.actions', 'the completion item points at the Ollama actions, not at a model picker');
      assert.doesNotMatch(api.completionStatusText(), /warning|No completion model/);
      const progressBefore = spy.progress.length;
      await vscode.commands.executeCommand('unbound.models.pull', FIM);
      await vscode.commands.executeCommand('unbound.daemon.start');
      await waitFor('Start Ollama to say there is nothing to start', () => spy.messagesSince(since).some((m) => /nothing to start/.test(m.message)), {
        describe: () => describeShown(spy.messagesSince(since)),
      });
      // The engine's model advice would arrive within a moment of typing; give it that moment.
      await sleep(2_000);
      assert.equal(spy.progress.length, progressBefore, 'no pull was started');
      const shown = spy.messagesSince(since);
      const offered = shown.flatMap((m) => m.items);
      assert.ok(!offered.some((i) => /Start Ollama|Pull|Use It|Choose/.test(i)), `only actions that work: ${JSON.stringify(describeShown(shown))}`);
      assert.ok(!shown.some((m) => /No model is set|inline completions need/i.test(m.message)), `no model advice: ${JSON.stringify(describeShown(shown))}`);
      await closeEditors();
    });
  });

  describe('when Ollama answers again', () => {
    it('gives the model advice that waited for it', async () => {
      // The `after` above brought Ollama back with no completion model set.
      const advice = await waitFor('the advice given after Ollama answered', () => spy.messagesSince(ollamaBackAt).find((m) => /inline completions/.test(m.message)), {
        describe: () => describeShown(spy.messagesSince(ollamaBackAt)),
      });
      assert.equal(advice.message, `No model is set for inline completions. ${FIM} is installed and can fill in the middle.`, 'listed fresh, not the empty list Ollama could not give while it was missing');
    });
  });
});
