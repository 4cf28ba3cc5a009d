/**
 * ModelInfoCache against the simulator: one /api/show per model, shared while in
 * flight, forgotten on failure or invalidation; capabilities inferred on servers
 * older than v0.6.4.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { ModelInfoCache, modelKey } from '../../../src/core/ollama/capabilities';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { OllamaError } from '../../../src/core/ollama/errors';
import { resolveHost } from '../../../src/core/ollama/host';
import { inferCapabilities } from '../../../src/core/ollama/model-info';
import { versionAtLeast } from '../../../src/core/ollama/version';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { silentLogger } from '../../../src/core/log';

const CODER = 'qwen2.5-coder:1.5b-base';
const CHAT = 'dolphin3:8b';
const REASONER = 'deepseek-r1:7b';

let sim: OllamaSimulator;
let api: OllamaApi;

const shows = (): number => sim.requests.filter((r) => r.path === '/api/show').length;

before(async () => {
  sim = await OllamaSimulator.start();
  api = createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger });
});
after(() => sim.stop());
beforeEach(() => sim.reset());

describe('ModelInfoCache', () => {
  it('asks /api/show once per model', async () => {
    const cache = new ModelInfoCache(api);
    const a = await cache.show(CODER);
    const b = await cache.show(CODER);
    assert.equal(a, b);
    assert.equal(shows(), 1);
    await cache.show(CHAT);
    assert.equal(shows(), 2);
  });

  it('treats name and name:latest as one model', async () => {
    sim.addModel({ name: 'llama3', family: 'llama' });
    const cache = new ModelInfoCache(api);
    await cache.show('llama3');
    await cache.show('llama3:latest');
    assert.equal(shows(), 1);
  });

  it('asks again after invalidate(model) and after clear()', async () => {
    const cache = new ModelInfoCache(api);
    await cache.show(CODER);
    await cache.version();
    cache.invalidate(CODER);
    await cache.show(CODER);
    assert.equal(shows(), 2);
    cache.clear();
    await cache.show(CODER);
    await cache.version();
    assert.equal(shows(), 3);
    assert.equal(sim.requests.filter((r) => r.path === '/api/version').length, 2);
  });

  it('sees a rebuilt model after invalidate', async () => {
    const cache = new ModelInfoCache(api);
    assert.equal((await cache.show(CODER)).contextLength, 32768);
    sim.removeModel(CODER);
    sim.addModel({ name: CODER, family: 'qwen2', contextLength: 4096 });
    assert.equal((await cache.show(CODER)).contextLength, 32768, 'still cached');
    cache.invalidate(CODER);
    assert.equal((await cache.show(CODER)).contextLength, 4096);
  });

  it('asks again when /api/tags shows a new digest for the name (pulled again elsewhere)', async () => {
    const cache = new ModelInfoCache(api);
    cache.noteDigest(CODER, 'sha256:old');
    assert.equal((await cache.show(CODER)).contextLength, 32768);
    sim.removeModel(CODER);
    sim.addModel({ name: CODER, family: 'qwen2', contextLength: 4096 });
    cache.noteDigest(CODER, 'sha256:old');
    assert.equal((await cache.show(CODER)).contextLength, 32768, 'same digest: still cached');
    cache.noteDigest(CODER, 'sha256:new');
    assert.equal((await cache.show(CODER)).contextLength, 4096);
    assert.equal(shows(), 2);
  });

  it('callers asking at the same time share one request', async () => {
    sim.setFault({ kind: 'slow-headers', ms: 100 });
    const cache = new ModelInfoCache(api);
    const results = await Promise.all([cache.show(CODER), cache.show(CODER), cache.show(`${CODER}`), cache.capabilities(CODER)]);
    assert.equal(shows(), 1);
    assert.ok(results[3] instanceof Set && results[3].has('insert'));
  });

  it('one caller aborting does not fail the others, nor the shared request', async () => {
    sim.setFault({ kind: 'slow-headers', ms: 150 });
    const cache = new ModelInfoCache(api);
    const impatient = new AbortController();
    const first = cache.show(CODER, impatient.signal);
    const second = cache.show(CODER, new AbortController().signal);
    setTimeout(() => impatient.abort(), 20);
    await assert.rejects(first, (e: unknown) => e instanceof OllamaError && e.cause.kind === 'aborted');
    assert.ok((await second).capabilities.has('insert'));
    assert.equal(shows(), 1);
    assert.ok(!sim.requests[0]?.aborted);
  });

  it('when every caller gives up, the request is aborted and not cached', async () => {
    sim.setFault({ kind: 'slow-headers', ms: 2000 });
    const cache = new ModelInfoCache(api);
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.show(CODER, a.signal);
    const pb = cache.show(CODER, b.signal);
    setTimeout(() => {
      a.abort();
      b.abort();
    }, 20);
    await assert.rejects(pa);
    await assert.rejects(pb);
    await sim.waitFor((r) => r.path === '/api/show' && r.aborted, 1000);
    sim.setFault(undefined);
    assert.ok((await cache.show(CODER)).capabilities.has('insert'));
    assert.equal(shows(), 2);
  });

  it('does not cache a failure: a model pulled after "not installed" is found', async () => {
    const cache = new ModelInfoCache(api);
    await assert.rejects(cache.show('codellama:7b-code'), (e: unknown) => e instanceof OllamaError && e.cause.kind === 'model-missing');
    for await (const _ of api.pull('codellama:7b-code'));
    assert.ok(await cache.supports('codellama:7b-code', 'insert'));
  });

  it('asks the version once per connection, shared by concurrent callers', async () => {
    const cache = new ModelInfoCache(api);
    const versions = await Promise.all([cache.version(), cache.version()]);
    await cache.version();
    assert.deepEqual(versions, ['0.33.0', '0.33.0']);
    assert.equal(sim.requests.filter((r) => r.path === '/api/version').length, 1);
  });

  it('does not keep a failed version probe', async () => {
    const cache = new ModelInfoCache(api);
    sim.setFault({ kind: 'status', code: 500, error: 'boom' });
    await assert.rejects(cache.version());
    sim.setFault(undefined);
    assert.equal(await cache.version(), '0.33.0');
  });
});

describe('servers before v0.6.4 (no capabilities in /api/show)', () => {
  beforeEach(() => sim.configure({ version: '0.5.0' }));

  it('the simulator really sends no capabilities field', async () => {
    const response = await fetch(`${sim.url}/api/show`, { method: 'POST', body: JSON.stringify({ model: CODER }) });
    const body = (await response.json()) as Record<string, unknown>;
    assert.ok(!('capabilities' in body));
  });

  it('infers insert from .Suffix in the template (a FIM base model)', async () => {
    const info = await new ModelInfoCache(api).show(CODER);
    assert.equal(info.capabilitiesInferred, true);
    assert.deepEqual([...info.capabilities].sort(), ['completion', 'insert']);
    assert.equal(info.contextLength, 32768);
  });

  it('a chat template without .Suffix has no insert', async () => {
    const info = await new ModelInfoCache(api).show(CHAT);
    assert.ok(info.capabilities.has('completion'));
    assert.ok(!info.capabilities.has('insert'));
  });

  it('infers thinking from a <think></think> pair', async () => {
    assert.ok((await new ModelInfoCache(api).show(REASONER)).capabilities.has('thinking'));
  });

  it('infers tools from .Tools', async () => {
    for await (const _ of api.pull('qwen2.5-coder:7b'));
    const info = await new ModelInfoCache(api).show('qwen2.5-coder:7b');
    assert.ok(info.capabilities.has('tools'));
    assert.ok(info.capabilities.has('insert'));
  });

  it('the same models report the same capabilities on a new server as inferred on an old one', async () => {
    const old = new ModelInfoCache(api);
    const inferred = await Promise.all([CODER, CHAT, REASONER].map((m) => old.capabilities(m)));
    sim.configure({ version: '0.33.0' });
    const fresh = new ModelInfoCache(api);
    const reported = await Promise.all([CODER, CHAT, REASONER].map((m) => fresh.show(m)));
    for (const [i, info] of reported.entries()) {
      assert.equal(info.capabilitiesInferred, false);
      assert.deepEqual([...(inferred[i] ?? [])].sort(), [...info.capabilities].sort(), info.name);
    }
  });
});

describe('inferCapabilities', () => {
  it('matches the .Suffix identifier case-insensitively', () => {
    assert.ok(inferCapabilities('{{ if .suffix }}x{{ end }}', {}, 'llama').has('insert'));
    assert.ok(!inferCapabilities('{{ .Prompt }} suffix', {}, 'llama').has('insert'));
  });

  it('a model with pooling_type is an embedding model, not a completion model', () => {
    const caps = inferCapabilities('{{ .Prompt }}', { 'general.architecture': 'bert', 'bert.pooling_type': 1 }, 'bert');
    assert.deepEqual([...caps], ['embedding']);
  });

  it('thinking needs both the opening and the closing tag', () => {
    assert.ok(!inferCapabilities('<think>', {}, 'qwen2').has('thinking'));
    assert.ok(inferCapabilities('<think>{{ .Thinking }}</think>', {}, 'qwen2').has('thinking'));
  });
});

describe('modelKey and versionAtLeast', () => {
  it('adds :latest only when there is no tag', () => {
    assert.equal(modelKey('llama3'), 'llama3:latest');
    assert.equal(modelKey('llama3:8b'), 'llama3:8b');
    assert.equal(modelKey('hf.co/user/repo'), 'hf.co/user/repo:latest');
    assert.equal(modelKey('localhost:5000/m'), 'localhost:5000/m:latest');
  });

  it('compares versions numerically, counting release candidates as their release', () => {
    assert.ok(versionAtLeast('0.6.4', '0.6.4'));
    assert.ok(versionAtLeast('0.10.0', '0.9.0'));
    assert.ok(!versionAtLeast('0.5.13', '0.6.4'));
    assert.ok(versionAtLeast('0.12.4-rc1', '0.12.4'));
    assert.ok(versionAtLeast('0.0.0', '0.33.0'), 'a source build counts as newest');
  });
});
