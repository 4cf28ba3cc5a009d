// Foundation, models side: the tree lists what the (simulated) Ollama has installed; a pull shows
// progress and adds the model; a delete removes it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { sim } from './support/sim';
import { installedModels, unbound, waitForRunning } from './support/unbound';
import { figure, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

const PULLED = 'llama2-uncensored:7b';

describe('Unbound models view', () => {
  let api: UnboundApi;
  let spy: WindowSpy;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    spy = WindowSpy.install();
  });

  after(() => spy?.dispose());

  it('lists the installed models in the tree', async () => {
    const names = await waitFor('the three simulator models in the tree', async () => {
      const installed = await installedModels(api);
      return ['qwen2.5-coder:1.5b-base', 'dolphin3:8b', 'deepseek-r1:7b'].every((m) => installed.some((l) => l.includes(m))) && installed;
    }, { describe: () => api.modelTree() });
    assert.ok(!names.some((l) => l.includes(PULLED)), `${PULLED} is not installed yet`);
  });

  it(`pulls ${PULLED} with progress and shows it installed`, async () => {
    const t0 = performance.now();
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.models.pull', PULLED);
    await waitFor(`${PULLED} in the installed models`, async () => (await installedModels(api)).some((l) => l.includes(PULLED)), {
      timeoutMs: 30_000, describe: () => api.modelTree(),
    });
    figure('pull_ms', performance.now() - t0);
    const requests = await sim.requests();
    assert.ok(requests.some((r) => r.path === '/api/pull' && (r.body.model ?? r.body.name) === PULLED), 'POST /api/pull was sent');
    const progress = spy.progress.find((p) => p.reports.length > 0
      && ((p.title ?? '').includes(PULLED) || p.reports.some((r) => (r.message ?? '').includes(PULLED))));
    assert.ok(progress, `a progress notification for ${PULLED}: ${JSON.stringify(spy.progress)}`);
    assert.ok(progress.reports.some((r) => /\d+\s*%|\d+(\.\d+)?\s*[KMG]B/.test(r.message ?? '')), `progress shows how far: ${JSON.stringify(progress.reports)}`);
    assert.deepEqual(spy.messagesSince(since, 'error').map((m) => m.message), []);
  });

  it(`deletes ${PULLED} after confirmation`, async () => {
    const since = Date.now();
    spy.answerModal = (message, items) => (message.includes(PULLED) ? items.find((i) => /delete/i.test(i)) : undefined);
    await vscode.commands.executeCommand('unbound.models.delete', PULLED);
    await waitFor(`${PULLED} gone from the tree`, async () => !(await installedModels(api)).some((l) => l.includes(PULLED)), {
      describe: () => api.modelTree(),
    });
    const requests = await sim.requests();
    assert.ok(requests.some((r) => r.method === 'DELETE' && r.path === '/api/delete'), 'DELETE /api/delete was sent');
    assert.deepEqual(spy.messagesSince(since, 'error').map((m) => m.message), []);
  });
});
