/**
 * /api/show answering something that is not a description of a model (`{}`, `[]`,
 * `null`): a `malformed` failure, which the capability cache does not keep, never a
 * verdict such as "cannot fill in the middle".
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { ModelInfoCache } from '../../../src/core/ollama/capabilities';
import { OllamaError } from '../../../src/core/ollama/errors';
import { resolveHost } from '../../../src/core/ollama/host';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { silentLogger } from '../../../src/core/log';

const CODER = 'qwen2.5-coder:1.5b-base';
let sim: OllamaSimulator;
let api: OllamaApi;

before(async () => {
  sim = await OllamaSimulator.start();
  api = createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger });
});
after(() => sim.stop());
beforeEach(() => sim.reset());

describe('a malformed /api/show', () => {
  for (const body of [{}, [], null, { license: 'MIT' }]) {
    it(`${JSON.stringify(body)} is malformed, and the cache asks again next time`, async () => {
      const infos = new ModelInfoCache(api);
      sim.setFault({ kind: 'reply', body, path: '/api/show', times: 1 });
      const error = await infos.supports(CODER, 'insert').then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof OllamaError);
      assert.equal(error.cause.kind, 'malformed');
      assert.equal(await infos.supports(CODER, 'insert'), true);
      assert.equal(sim.requests.filter((r) => r.path === '/api/show').length, 2);
    });
  }

  it('an old server without capabilities still gets them inferred from the template', async () => {
    sim.configure({ version: '0.6.0' });
    const info = await api.show(CODER);
    assert.equal(info.capabilitiesInferred, true);
    assert.ok(info.capabilities.has('insert'));
  });
});
