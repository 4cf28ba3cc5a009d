// Choosing a model or toggling completions writes the setting where it takes effect: a workspace
// value wins over the user's, so writing the user value under it would change nothing on screen.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

describe('Unbound writes settings where they take effect', () => {
  const config = () => vscode.workspace.getConfiguration('unbound');
  let spy: WindowSpy;

  before(() => {
    spy = WindowSpy.install();
  });

  after(async () => {
    spy?.dispose();
    await config().update('completion.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('completion.enabled', true, vscode.ConfigurationTarget.Global);
  });

  it('the completion toggle turns completions off even when the workspace sets them on, and says where it wrote', async () => {
    await config().update('completion.enabled', true, vscode.ConfigurationTarget.Workspace);
    await waitFor('the workspace value to apply', () => config().inspect('completion.enabled')?.workspaceValue === true);
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.completion.toggle');
    await waitFor('completions to be off', () => config().get('completion.enabled') === false, {
      timeoutMs: 5_000,
      describe: () => config().inspect('completion.enabled'),
    });
    assert.equal(config().inspect('completion.enabled')?.workspaceValue, false, 'written to the workspace, where it wins');
    const told = spy.messagesSince(since, 'info').map((m) => m.message);
    assert.ok(told.some((m) => /unbound\.completion\.enabled in this workspace's settings/.test(m)), JSON.stringify(told));

    await vscode.commands.executeCommand('unbound.completion.toggle');
    await waitFor('completions to be on again', () => config().get('completion.enabled') === true, { timeoutMs: 5_000 });
  });

  it('without a workspace value the toggle writes the user settings and says nothing extra', async () => {
    await config().update('completion.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('no workspace value', () => config().inspect('completion.enabled')?.workspaceValue === undefined);
    const before = config().get<boolean>('completion.enabled');
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.completion.toggle');
    await waitFor('the toggle to apply', () => config().get('completion.enabled') === !before, { timeoutMs: 5_000 });
    assert.equal(config().inspect('completion.enabled')?.globalValue, !before);
    assert.deepEqual(spy.messagesSince(since, 'info').map((m) => m.message).filter((m) => /workspace's settings/.test(m)), []);
    await vscode.commands.executeCommand('unbound.completion.toggle');
  });
});
