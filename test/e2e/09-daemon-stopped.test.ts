// Runs last: a daemon that dies while autoStart is off is shown as stopped, calmly.
import * as assert from 'node:assert/strict';
import type { UnboundApi } from '../../src/features/api';
import { fakeOllamaPids, killHard } from './support/processes';
import { setting, unbound, waitForRunning } from './support/unbound';
import { sleep, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

describe('Unbound with a dead daemon', () => {
  let api: UnboundApi;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
  });

  it('shows a killed daemon as stopped, without a storm of error notifications', async () => {
    const spy = WindowSpy.install();
    try {
      await setting('unbound.ollama.autoStart', 'never');
      const since = Date.now();
      killHard(fakeOllamaPids());
      await waitFor('the status bar to say stopped', () => /stopped/i.test(api.statusBarText()), {
        timeoutMs: 20_000, describe: () => ({ state: api.daemon.state, statusBar: api.statusBarText() }),
      });
      assert.equal(api.daemon.state.kind, 'stopped');
      // Let a few probe intervals pass: the state must stay put and Unbound must not nag.
      await sleep(3_000);
      assert.equal(api.daemon.state.kind, 'stopped');
      assert.deepEqual(fakeOllamaPids(), [], 'autoStart never: nothing restarted it');
      const errors = spy.messagesSince(since, 'error');
      assert.ok(errors.length <= 1, `at most one error notification, got ${JSON.stringify(errors)}`);
    } finally {
      spy.dispose();
      await setting('unbound.ollama.autoStart', 'always');
    }
  });
});
