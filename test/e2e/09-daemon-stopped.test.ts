// Runs last: a stopped or dead daemon is shown as stopped, calmly, and a server Unbound did not
// start is never restarted by it.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { simUrl } from './support/sim';
import { alive, fakeOllamaPids, killHard } from './support/processes';
import { setting, unbound, waitForRunning } from './support/unbound';
import { sleep, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

describe('Unbound with a stopped or dead daemon', () => {
  let api: UnboundApi;
  let spy: WindowSpy;
  let external: ChildProcess | undefined;
  const view = () => ({ state: api.daemon.state, statusBar: api.statusBarText(), pids: fakeOllamaPids() });

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    await setting('unbound.ollama.autoStart', 'never');
    spy = WindowSpy.install();
  });

  after(async () => {
    spy?.dispose();
    if (external?.pid && alive(external.pid)) killHard([external.pid]);
    await setting('unbound.ollama.autoStart', 'always');
  });

  it('shows Ollama stopped after Stop Ollama, and nothing restarts it', async () => {
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.daemon.stop');
    await waitFor('the status bar to say stopped', () => /stopped/i.test(api.statusBarText()), { describe: view });
    assert.equal(api.daemon.state.kind, 'stopped');
    await waitFor('the ollama process to exit', () => fakeOllamaPids().length === 0, { describe: view });
    // A few seconds later it is still stopped: a deliberate stop is not a crash to recover from.
    await sleep(3_000);
    assert.equal(api.daemon.state.kind, 'stopped', JSON.stringify(view()));
    assert.deepEqual(fakeOllamaPids(), []);
    assert.deepEqual(spy.messagesSince(since, 'error').map((m) => m.message), []);
  });

  it('shows a server it did not start as stopped when that server dies, without an error storm', async () => {
    const fake = process.env.UNBOUND_E2E_FAKE_OLLAMA;
    assert.ok(fake, 'UNBOUND_E2E_FAKE_OLLAMA is set by the runner');
    // Someone else's `ollama serve` (a service, a terminal) on the configured host.
    external = spawn(fake, ['serve'], { env: { ...process.env, OLLAMA_HOST: simUrl() }, stdio: 'ignore' });
    // Only once it answers: else Unbound rightly finds nothing and starts its own.
    await waitFor('the external server to answer', async () => (await fetch(`${simUrl()}/api/version`, { signal: AbortSignal.timeout(1_000) })).ok, { timeoutMs: 20_000 });
    await vscode.commands.executeCommand('unbound.daemon.start');
    await waitFor('Ollama running, owned by someone else', () => {
      const s = api.daemon.state;
      return s.kind === 'running' && s.owner === 'external';
    }, { timeoutMs: 30_000, describe: view });
    assert.match(api.statusBarText(), /Ollama 0\.33\.0/);

    const since = Date.now();
    killHard([external.pid ?? -1]);
    await waitFor('the status bar to say stopped', () => /stopped/i.test(api.statusBarText()), { timeoutMs: 30_000, describe: view });
    await sleep(3_000);
    assert.equal(api.daemon.state.kind, 'stopped', JSON.stringify(view()));
    assert.deepEqual(fakeOllamaPids(), [], 'Unbound did not start a server of its own (autoStart: never)');
    const errors = spy.messagesSince(since, 'error');
    assert.ok(errors.length <= 1, `at most one error notification, got ${JSON.stringify(errors)}`);
  });
});
