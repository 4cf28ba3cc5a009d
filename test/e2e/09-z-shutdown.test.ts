// Runs last of all (it deactivates Unbound): deactivate() resolves only once the `ollama serve`
// Unbound started, the runner process it started, and the completion language server are gone.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { completionServerPids, fakeOllamaPids, runnerPids } from './support/processes';
import { EXTENSION_ID, setting, unbound, waitForRunning } from './support/unbound';
import { waitFor } from './support/wait';

interface ExtensionModule {
  deactivate(): Promise<void> | undefined;
}

describe('Unbound shuts down cleanly', () => {
  let api: UnboundApi;

  before(async () => {
    api = await unbound();
  });

  it('deactivate() waits until the server Unbound started, its runner and the language server have exited', async () => {
    // A server with a runner child, as with a loaded model (the runner holds the VRAM).
    await setting('unbound.ollama.env', { UNBOUND_SIM_RUNNER: '1' });
    if (api.daemon.ownPid !== undefined) await vscode.commands.executeCommand('unbound.daemon.stop');
    await vscode.commands.executeCommand('unbound.daemon.start');
    await waitForRunning(api);
    const view = () => ({ serve: fakeOllamaPids(), runners: runnerPids(), lsp: completionServerPids(), state: api.daemon.state });
    await waitFor('the runner and the language server', () => runnerPids().length > 0 && completionServerPids().length > 0, { describe: view });

    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    // The entry VS Code calls deactivate() on; it reaches the services through VS Code's record of the exports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require(join(ext.extensionPath, 'dist', 'extension.js')) as ExtensionModule;
    const pending = main.deactivate();
    assert.ok(pending instanceof Promise, 'deactivate() returns a promise for VS Code to wait on');
    await pending;

    // Resolved means gone: no waiting here.
    assert.deepEqual(fakeOllamaPids(), [], 'the ollama serve Unbound started has exited');
    assert.deepEqual(runnerPids(), [], 'no runner is orphaned');
    // The client stopped its server: the process exits once it has read the exit notification.
    await waitFor('the language server process to exit', () => completionServerPids().length === 0, { timeoutMs: 5_000, describe: view });
  });
});
