// /api/pull against docs/reference/ollama-api.md section 8: progress lines, in-band errors, resumable downloads.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, post, stream, type Line } from './http';
import { useSimulator } from './use-simulator';

const MODEL = 'qwen2.5-coder:7b';

describe('ollama-sim: /api/pull', () => {
  const sim = useSimulator({ models: [] });

  it('streams manifest, per-layer progress (several layers at once), verify, write, cleanup, success', async () => {
    sim().configure({ pullBytesPerSecond: 8_000_000_000 });
    const r = await stream(`${sim().url}/api/pull`, { model: MODEL });
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'application/x-ndjson');
    const statuses = r.lines.map((l) => String(l.value['status']));
    assert.equal(statuses[0], 'pulling manifest');
    assert.deepEqual(statuses.slice(-4), ['verifying sha256 digest', 'writing manifest', 'removing unused layers', 'success']);
    const layerLines = r.lines.filter((l) => String(l.value['status']).startsWith('pulling ') && l.value['digest']);
    const digests = new Set(layerLines.map((l) => String(l.value['digest'])));
    assert.ok(digests.size >= 2, 'more than one layer');
    for (const l of layerLines) {
      const digest = String(l.value['digest']);
      assert.match(digest, /^sha256:[0-9a-f]{64}$/);
      assert.equal(l.value['status'], `pulling ${digest.slice(7, 19)}`);
      assert.equal(typeof l.value['total'], 'number');
      if ('completed' in l.value) assert.ok(Number(l.value['completed']) > 0, 'completed is omitted while 0');
    }
    // Per digest, completed only grows and ends at total; the totals sum to the model size.
    const last = new Map<string, Line>();
    for (const l of layerLines) {
      const prev = last.get(String(l.value['digest']));
      assert.ok(Number(l.value['completed'] ?? 0) >= Number(prev?.value['completed'] ?? 0));
      last.set(String(l.value['digest']), l);
    }
    let total = 0;
    for (const l of last.values()) {
      assert.equal(l.value['completed'], l.value['total']);
      total += Number(l.value['total']);
    }
    assert.equal(total, 4_683_087_332);
    // Concurrency: the big layer is still in progress when a small one is already done.
    const firstSmallDone = layerLines.findIndex((l) => Number(l.value['total']) < 1e6 && l.value['completed'] === l.value['total']);
    const bigDone = layerLines.findIndex((l) => Number(l.value['total']) > 1e9 && l.value['completed'] === l.value['total']);
    assert.ok(firstSmallDone >= 0 && firstSmallDone < bigDone);
    const tags = (await call(`${sim().url}/api/tags`, 'GET')).json as { models: { name: string; size: number }[] };
    assert.deepEqual(tags.models.map((m) => [m.name, m.size]), [[MODEL, 4_683_087_332]]);
  });

  it('takes about size / pullBytesPerSecond', async () => {
    sim().configure({ pullBytesPerSecond: 10_000_000_000 });
    const started = performance.now();
    await stream(`${sim().url}/api/pull`, { model: MODEL });
    const ms = performance.now() - started;
    assert.ok(ms >= 400 && ms < 1500, `pull took ${ms} ms, expected ~470`);
  });

  it('an unknown model: 200, "pulling manifest", then an in-band error line', async () => {
    const r = await stream(`${sim().url}/api/pull`, { model: 'no-such-model:1b' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.lines.map((l) => l.value), [{ status: 'pulling manifest' }, { error: 'pull model manifest: file does not exist' }]);
    const unstreamed = await post(`${sim().url}/api/pull`, { model: 'no-such-model:1b', stream: false });
    assert.equal(unstreamed.status, 500);
    assert.deepEqual(unstreamed.json, { error: 'pull model manifest: file does not exist' });
  });

  it('accepts the deprecated `name` field and stream:false', async () => {
    const r = await post(`${sim().url}/api/pull`, { name: 'qwen2.5-coder:1.5b-base', stream: false });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'success' });
    assert.ok(sim().has('qwen2.5-coder:1.5b-base'));
  });

  it('resumes: bytes downloaded before a disconnect are kept and the next pull continues from there', async () => {
    sim().configure({ pullBytesPerSecond: 4_000_000_000 });
    const controller = new AbortController();
    await stream(`${sim().url}/api/pull`, { model: MODEL }, {
      signal: controller.signal,
      onLine: (l) => {
        if (Number(l.value['total']) > 1e9 && Number(l.value['completed'] ?? 0) > 1e9) controller.abort();
      },
    }).catch(() => undefined);
    await sim().waitFor((r) => r.path === '/api/pull' && r.aborted);
    const kept = sim().downloadedBytes(MODEL);
    assert.ok(kept > 1e9 && kept < 4_683_087_332, `kept ${kept}`);
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(sim().downloadedBytes(MODEL) - kept < 200_000_000, 'the download paused with no client');
    assert.ok(!sim().has(MODEL));

    const resumed = await stream(`${sim().url}/api/pull`, { model: MODEL });
    const big = resumed.lines.filter((l) => Number(l.value['total']) > 1e9);
    assert.ok(Number(big[0]?.value['completed']) >= kept - 100_000, 'the first report starts where the last pull stopped');
    assert.equal(resumed.lines.at(-1)?.value['status'], 'success');
    assert.ok(sim().has(MODEL));
  });

  it('concurrent pulls of one model share the download', async () => {
    sim().configure({ pullBytesPerSecond: 8_000_000_000 });
    const started = performance.now();
    const [a, b] = await Promise.all([stream(`${sim().url}/api/pull`, { model: MODEL }), stream(`${sim().url}/api/pull`, { model: MODEL })]);
    const ms = performance.now() - started;
    assert.equal(a.lines.at(-1)?.value['status'], 'success');
    assert.equal(b.lines.at(-1)?.value['status'], 'success');
    // Each alone would take ~585 ms; two separate downloads sharing the rate would take twice that, and one shared no longer.
    assert.ok(ms < 1100, `two pulls took ${ms} ms`);
    assert.equal(sim().downloadedBytes(MODEL), 4_683_087_332);
  });

  it('pulling an installed model reports every layer complete at once', async () => {
    await post(`${sim().url}/api/pull`, { model: 'qwen2.5-coder:1.5b-base', stream: false });
    const r = await stream(`${sim().url}/api/pull`, { model: 'qwen2.5-coder:1.5b-base' });
    const layerLines = r.lines.filter((x) => x.value['digest']);
    assert.ok(layerLines.length > 0, 'no layer lines');
    // Every line, the first of each layer included, already says complete: nothing is downloaded again.
    for (const l of layerLines) assert.equal(l.value['completed'], l.value['total']);
    assert.equal(r.lines.at(-1)?.value['status'], 'success');
  });

  it('a deleted model is downloaded again from zero', async () => {
    await post(`${sim().url}/api/pull`, { model: 'qwen2.5-coder:1.5b-base', stream: false });
    await call(`${sim().url}/api/delete`, 'DELETE', { model: 'qwen2.5-coder:1.5b-base' });
    assert.equal(sim().downloadedBytes('qwen2.5-coder:1.5b-base'), 0);
  });

  it('a pullable model added by the test can be pulled', async () => {
    sim().addPullable({ name: 'tiny:1b', sizeBytes: 50_000_000, capabilities: ['completion', 'insert'] });
    const r = await post(`${sim().url}/api/pull`, { model: 'tiny:1b', stream: false });
    assert.deepEqual(r.json, { status: 'success' });
    const show = (await post(`${sim().url}/api/show`, { model: 'tiny:1b' })).json as { capabilities: string[] };
    assert.deepEqual(show.capabilities, ['completion', 'insert']);
  });
});
