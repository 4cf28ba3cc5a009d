// Foundation, daemon side: Unbound activates, starts the (fake) `ollama serve` itself, shows it
// running in the status bar, and brings it back when the process dies.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { alive, fakeOllamaPids, killHard } from './support/processes';
import { unbound, waitForRunning } from './support/unbound';
import { figure, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

describe('Unbound daemon (real VS Code, fake ollama binary)', () => {
  let api: UnboundApi;

  before(async () => {
    api = await unbound();
  });

  it('activates and reports its activation time', () => {
    const { activationMs } = api;
    assert.ok(Number.isFinite(activationMs) && activationMs > 0, `the API reports activationMs (${activationMs})`);
    // A figure for the report, not a bound: how fast is the bench's to judge, on a quiet machine.
    figure('activation_ms', activationMs);
  });

  it('starts ollama serve itself and shows it running in the status bar', async () => {
    await waitForRunning(api);
    const pids = fakeOllamaPids();
    assert.ok(pids.length > 0, 'an `ollama serve` child process exists');
    assert.match(api.statusBarText(), /Ollama 0\.33\.0/);
  });

  it('starts it again on command and reports the start-to-running time', async () => {
    await vscode.commands.executeCommand('unbound.daemon.stop');
    await waitFor('daemon stopped', () => api.daemon.state.kind === 'stopped', {
      describe: () => ({ state: api.daemon.state, statusBar: api.statusBarText() }),
    });
    await waitFor('the ollama process to exit', () => fakeOllamaPids().length === 0, { describe: fakeOllamaPids });
    const t0 = performance.now();
    await vscode.commands.executeCommand('unbound.daemon.start');
    await waitForRunning(api);
    figure('start_to_running_ms', performance.now() - t0);
  });

  it('restarts the daemon after its process is killed', async () => {
    await waitForRunning(api);
    const before = fakeOllamaPids();
    assert.ok(before.length > 0, 'an ollama serve process to kill');
    const spy = WindowSpy.install();
    try {
      const t0 = performance.now();
      killHard(before);
      await waitFor('the killed process to be gone', () => before.every((pid) => !alive(pid)));
      await waitFor('a new ollama serve process', () => fakeOllamaPids().some((pid) => !before.includes(pid)), {
        timeoutMs: 30_000, describe: () => ({ pids: fakeOllamaPids(), state: api.daemon.state }),
      });
      await waitForRunning(api);
      figure('crash_to_running_ms', performance.now() - t0);
      // A restart that worked is not an error the user has to act on.
      assert.deepEqual(spy.messagesSince(0, 'error').map((m) => m.message), []);
    } finally {
      spy.dispose();
    }
  });
});
