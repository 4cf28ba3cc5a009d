import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { silentLogger } from '../../../src/core/log';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { ModelService, type ModelsState } from '../../../src/core/models/model-service';
import type { PullSnapshot } from '../../../src/core/models/pull-progress';
import { OllamaSimulator } from '../../ollama-sim/simulator';

/** A small model so a pull takes 1.5 s at the rate below (the rate shows after 1 s of samples). */
const TINY = { name: 'tiny-coder:1b-base', family: 'qwen2', parameterSize: '1.0B', quantization: 'Q4_K_M', sizeBytes: 60_000_000, capabilities: ['completion', 'insert'] as const };
const PULL_RATE = 40_000_000;

describe('ModelService against the Ollama simulator', () => {
  let sim: OllamaSimulator;
  let api: OllamaApi;
  let service: ModelService;

  before(async () => {
    sim = await OllamaSimulator.start({ pullBytesPerSecond: PULL_RATE });
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    sim.configure({ pullBytesPerSecond: PULL_RATE });
    sim.addPullable(TINY);
    api = createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger, timeoutMs: 5000 });
    service?.dispose();
    service = new ModelService({ api: () => api, log: silentLogger });
  });

  it('does nothing until asked, then lists installed models with their capabilities', async () => {
    assert.equal(service.state.kind, 'idle');
    assert.equal(sim.requests.length, 0, 'constructing the service must not touch Ollama');
    const changes: ModelsState[] = [];
    service.onDidChange((s) => changes.push(s));
    const state = await service.refresh();
    assert.equal(state.kind, 'ready');
    assert.equal(changes.length, 1);
    const byName = new Map(state.installed.map((e) => [e.model.name, e]));
    assert.deepEqual([...byName.keys()].sort(), ['deepseek-r1:7b', 'dolphin3:8b', 'qwen2.5-coder:1.5b-base']);
    assert.ok(byName.get('qwen2.5-coder:1.5b-base')?.info?.capabilities.has('insert'));
    assert.ok(byName.get('deepseek-r1:7b')?.info?.capabilities.has('thinking'));
    assert.equal(byName.get('dolphin3:8b')?.info?.capabilities.has('insert'), false);
    assert.equal(byName.get('dolphin3:8b')?.info?.contextLength, 131072);
  });

  it('asks /api/show once per model digest, not on every refresh', async () => {
    await service.refresh();
    await service.refresh();
    const shows = sim.requests.filter((r) => r.path === '/api/show');
    assert.equal(shows.length, 3);
  });

  it('a model pulled again outside Unbound (new digest in /api/tags) shows its new details', async () => {
    await service.refresh();
    sim.removeModel('dolphin3:8b');
    sim.addModel({ name: 'dolphin3:8b', family: 'llama', contextLength: 8192, digest: 'sha256:repulled' });
    const state = await service.refresh();
    const entry = state.kind === 'ready' ? state.installed.find((e) => e.model.name === 'dolphin3:8b') : undefined;
    assert.equal(entry?.info?.contextLength, 8192);
    assert.equal(sim.requests.filter((r) => r.path === '/api/show').length, 4, 'only the changed model is asked again');
  });

  it('details asked for and given up do not fail a refresh waiting on the same /api/show', async () => {
    // Listed, but its details not known yet (the first /api/show failed).
    sim.setFault({ kind: 'status', code: 500, error: 'busy loading', path: '/api/show', times: 3 });
    const first = await service.refresh();
    assert.ok(first.kind === 'ready' && first.installed.every((e) => e.infoError !== undefined));
    sim.setFault({ kind: 'slow-headers', ms: 600, path: '/api/show' });
    const closing = new AbortController();
    const details = service.info('dolphin3:8b', closing.signal);
    const refreshed = service.refresh();
    // The refresh joins the show in flight once /api/tags answered; the document closes after that.
    setTimeout(() => closing.abort(), 150);
    await assert.rejects(details);
    const state = await refreshed;
    assert.equal(state.kind, 'ready');
    const entry = state.kind === 'ready' ? state.installed.find((e) => e.model.name === 'dolphin3:8b') : undefined;
    assert.equal(entry?.info?.contextLength, 131072);
  });

  it('pull reports growing progress, ends in success, and the model appears', async () => {
    const snapshots: PullSnapshot[] = [];
    const texts: string[] = [];
    const result = await service.pull(TINY.name, new AbortController().signal, (s, t) => {
      snapshots.push(s);
      texts.push(t);
    });
    assert.equal(result.kind, 'success');
    const downloading = snapshots.filter((s) => s.phase === 'downloading').map((s) => s.completedBytes);
    assert.ok(downloading.length > 5, `only ${downloading.length} progress lines`);
    for (let i = 1; i < downloading.length; i++) assert.ok(downloading[i]! >= downloading[i - 1]!, 'progress went backwards');
    assert.equal(snapshots.at(-1)?.phase, 'success');
    assert.equal(snapshots.at(-1)?.completedBytes, TINY.sizeBytes);
    assert.ok(texts.some((t) => /^\d+ MB \/ 60 MB · \d+ MB\/s · \d+ s left$/.test(t)), `no rate/ETA text in ${texts.join(' | ')}`);
    assert.ok(sim.has(TINY.name));
    assert.equal(service.state.kind, 'ready');
    const entry = service.state.kind === 'ready' ? service.state.installed.find((e) => e.model.name === TINY.name) : undefined;
    assert.ok(entry?.info?.capabilities.has('insert'), 'the pulled model is listed with its capabilities');
  });

  it('cancel mid-pull keeps the partial download, and the next pull resumes from it', async () => {
    const controller = new AbortController();
    const first = await service.pull(TINY.name, controller.signal, (s) => {
      if (s.completedBytes > TINY.sizeBytes / 4) controller.abort();
    });
    assert.equal(first.kind, 'cancelled');
    assert.match(first.kind === 'cancelled' ? first.message : '', /pulling tiny-coder:1b-base again resumes/);
    assert.equal(sim.has(TINY.name), false);
    // The server notices the closed connection a tick later; read what it kept once it has.
    await sim.waitFor((r) => r.path === '/api/pull' && r.aborted);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const kept = sim.downloadedBytes(TINY.name);
    assert.ok(kept > TINY.sizeBytes / 4 && kept < TINY.sizeBytes, `kept ${kept}`);

    const snapshots: PullSnapshot[] = [];
    const second = await service.pull(TINY.name, new AbortController().signal, (s) => snapshots.push(s));
    assert.equal(second.kind, 'success');
    const firstBytes = snapshots.find((s) => s.phase === 'downloading' && s.completedBytes > 0);
    assert.ok(firstBytes && firstBytes.completedBytes >= kept * 0.9, 'the second pull started from zero');
    // Exactly what the first pull left on disk counts as resumed, not as download speed.
    assert.equal(snapshots.at(-1)!.resumedBytes, kept);
    assert.ok(sim.has(TINY.name));
  });

  it('an unknown name fails with Ollama\'s own message, not a stack', async () => {
    const result = await service.pull('no-such-model:13b', new AbortController().signal);
    assert.equal(result.kind, 'failed');
    if (result.kind !== 'failed') return;
    assert.match(result.message, /^Could not pull no-such-model:13b: Ollama says "pull model manifest: file does not exist"/);
    assert.doesNotMatch(result.message, /\n\s+at /);
  });

  it('delete removes the model from Ollama and from the list', async () => {
    await service.refresh();
    await service.delete('dolphin3:8b');
    assert.equal(sim.has('dolphin3:8b'), false);
    const state = service.state;
    assert.equal(state.kind, 'ready');
    assert.deepEqual(state.kind === 'ready' ? state.installed.map((e) => e.model.name) : [], ['deepseek-r1:7b', 'qwen2.5-coder:1.5b-base']);
    await assert.rejects(service.delete('dolphin3:8b'), (e: Error) => /dolphin3:8b is not installed/.test(e.message));
  });

  it('a stopped Ollama is one quiet "unavailable" state naming the host', async () => {
    sim.setFault({ kind: 'refuse' });
    const state = await service.refresh();
    assert.equal(state.kind, 'unavailable');
    assert.equal(state.kind === 'unavailable' ? state.error.cause.kind : '', 'not-running');
    sim.setFault(undefined);
    assert.equal((await service.refresh()).kind, 'ready');
  });

  it('lists what is loaded, from /api/ps', async () => {
    for await (const chunk of api.generate({ model: 'dolphin3:8b', prompt: 'hi', keepAlive: '5m' })) if (chunk.done) break;
    const state = await service.refresh();
    assert.deepEqual(state.kind === 'ready' ? state.loaded.map((m) => m.name) : [], ['dolphin3:8b']);
  });
});

describe('ModelService without a server', () => {
  it('markUnavailable switches to the quiet state once, without a request', async () => {
    const { OllamaError } = await import('../../../src/core/ollama/errors');
    let requests = 0;
    const api = createOllamaClient({
      host: resolveHost('http://127.0.0.1:9', undefined),
      logger: silentLogger,
      fetch: async () => {
        requests++;
        throw new TypeError('fetch failed');
      },
    });
    const service = new ModelService({ api: () => api, log: silentLogger });
    const seen: ModelsState[] = [];
    service.onDidChange((s) => seen.push(s));
    const error = new OllamaError({ kind: 'not-running', host: api.host.url });
    service.markUnavailable(error);
    service.markUnavailable(error);
    assert.equal(seen.length, 1);
    assert.equal(service.state.kind, 'unavailable');
    assert.equal(requests, 0);
    service.dispose();
  });
});
