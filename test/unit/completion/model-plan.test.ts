/**
 * The planner's /api/show answers: the "pick another model" list and the plans
 * share one answer per model, so a notice repeated on every keystroke costs no
 * round trip per installed model.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ModelPlanner } from '../../../src/core/completion/model-plan';
import { systemClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import { OllamaSimulator } from '../../ollama-sim/simulator';

const CODER = 'qwen2.5-coder:1.5b-base';

describe('ModelPlanner against the simulator', () => {
  let sim: OllamaSimulator;
  let planner: ModelPlanner;
  const shows = (): number => sim.requests.filter((r) => r.path === '/api/show').length;

  before(async () => {
    sim = await OllamaSimulator.start();
  });
  after(() => sim.stop());
  beforeEach(() => {
    sim.reset();
    planner = new ModelPlanner(createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger }), systemClock);
  });

  it('lists the FIM models with one /api/show per model, however often it is asked', async () => {
    assert.deepEqual(await planner.fimModels(), [CODER]);
    assert.equal(shows(), 3, 'one per installed model');
    assert.deepEqual(await planner.fimModels(), [CODER]);
    const plan = await planner.plan(CODER, 4096);
    assert.equal(plan.kind, 'fim');
    assert.equal(shows(), 3, 'the second list and the plan reused the answers');
  });

  it('asks again for a model it was told to forget (deleted, pulled again)', async () => {
    await planner.plan(CODER, 4096);
    planner.forget(CODER);
    await planner.plan(CODER, 4096);
    assert.equal(shows(), 2);
  });

  it('a new context length redoes the plan without asking /api/show again', async () => {
    const small = await planner.plan(CODER, 1024);
    planner.reset();
    const large = await planner.plan(CODER, 8192);
    assert.ok(small.kind === 'fim' && large.kind === 'fim' && small.numCtx === 1024 && large.numCtx === 8192);
    assert.equal(shows(), 1);
  });
});
