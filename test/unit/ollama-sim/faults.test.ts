// Injected faults: what a client sees when Ollama fails (docs/reference/ollama-api.md section 10).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, post, stream } from './http';
import { useSimulator } from './use-simulator';

const FIM = 'qwen2.5-coder:1.5b-base';

async function rawText(url: string, body: unknown): Promise<{ status: number; text: string } | Error> {
  try {
    const res = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  } catch (e) {
    return e as Error;
  }
}

describe('ollama-sim: faults', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 });

  it('status: every API call answers the code with {"error"} until cleared', async () => {
    sim().setFault({ kind: 'status', code: 500, error: 'model runner has unexpectedly stopped' });
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { error: 'model runner has unexpectedly stopped' });
    assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 500);
    sim().setFault(undefined);
    assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 200);
  });

  it('a fault with a path only hits that endpoint', async () => {
    sim().setFault({ kind: 'status', code: 503, error: 'server busy, please try again.  maximum pending requests exceeded', path: '/api/generate' });
    assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 200);
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    assert.equal(r.status, 503);
  });

  it('error-line: N chunks, then {"error"} in a 200 stream', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd'] });
    sim().setFault({ kind: 'error-line', afterChunks: 2, message: 'an error was encountered while running the model' });
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.lines.map((l) => l.value['response'] ?? l.value['error']), ['a', 'b', 'an error was encountered while running the model']);
  });

  it('drop: the connection is cut after N chunks (the client sees a network error, not an end)', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd'] });
    sim().setFault({ kind: 'drop', afterChunks: 1 });
    const res = await fetch(`${sim().url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: FIM, prompt: 'p' }) });
    assert.equal(res.status, 200);
    await assert.rejects(res.text());
    const record = sim().requests.at(-1);
    assert.equal(record?.chunksSent, 1);
    assert.equal(record?.aborted, false, 'a server-side drop is not a client abort');
  });

  it('malformed: N chunks, then a line that is not JSON', async () => {
    sim().script({ response: ['a', 'b', 'c'] });
    sim().setFault({ kind: 'malformed', afterChunks: 1 });
    const r = await rawText(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    assert.ok(!(r instanceof Error));
    const lines = r.text.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 2);
    assert.equal(JSON.parse(lines[0] ?? '')['response'], 'a');
    assert.throws(() => JSON.parse(lines[1] ?? ''));
  });

  it('slow-headers: nothing arrives for ms, then the normal reply', async () => {
    sim().setFault({ kind: 'slow-headers', ms: 150 });
    const started = performance.now();
    const res = await fetch(`${sim().url}/api/version`);
    assert.ok(performance.now() - started >= 140);
    assert.deepEqual(await res.json(), { version: '0.33.0' });
  });

  it('refuse: connection refused until cleared, then the same port answers again', async () => {
    await call(`${sim().url}/api/version`, 'GET'); // leaves a keep-alive connection that must be cut too
    sim().setFault({ kind: 'refuse' });
    // Like a killed server: the client's pooled connection learns of the close on its next turn.
    await new Promise((r) => setTimeout(r, 20));
    const err = await fetch(`${sim().url}/api/version`).then(() => undefined, (e: Error & { cause?: { code?: string } }) => e);
    assert.ok(err, 'the request failed');
    assert.equal(err?.cause?.code, 'ECONNREFUSED');
    sim().setFault(undefined);
    assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 200);
  });

  it('refuse forMs clears itself', async () => {
    sim().setFault({ kind: 'refuse', forMs: 100 });
    await assert.rejects(fetch(`${sim().url}/api/version`));
    await new Promise((r) => setTimeout(r, 200));
    assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 200);
  });

  it('a scripted fault hits only the matching request', async () => {
    sim().script({ match: { promptIncludes: 'bad' }, fault: { kind: 'status', code: 500, error: 'boom' }, times: 1 });
    assert.equal((await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'good', stream: false })).status, 200);
    const bad = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'bad', stream: false });
    assert.equal(bad.status, 500);
    assert.deepEqual(bad.json, { error: 'boom' });
    assert.equal((await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'bad', stream: false })).status, 200);
  });

  it('a fault with times clears itself after that many requests', async () => {
    sim().setFault({ kind: 'status', code: 500, error: 'flaky', times: 2 });
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await call(`${sim().url}/api/version`, 'GET')).status);
    assert.deepEqual(codes, [500, 500, 200]);
  });

  it('more waiting requests than maxQueue: 503 with Ollama\'s message', async () => {
    sim().configure({ maxQueue: 1, ttftMs: 100 });
    const running = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'a', stream: false });
    await sim().waitFor((r) => r.body.prompt === 'a' && r.slotAt !== undefined);
    const queued = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'b', stream: false });
    await sim().waitFor((r) => r.body.prompt === 'b');
    const rejected = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'c', stream: false });
    assert.equal(rejected.status, 503);
    assert.deepEqual(rejected.json, { error: 'server busy, please try again.  maximum pending requests exceeded' });
    assert.equal((await running).status, 200);
    assert.equal((await queued).status, 200);
  });

  it('reset() ends streams in flight instead of leaving clients hanging', async () => {
    sim().script({ response: Array.from({ length: 200 }, () => 'x ') });
    const pending = stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' }).then(() => 'ended', () => 'failed');
    await sim().waitFor((r) => r.tokensGenerated > 1);
    sim().reset();
    assert.equal(await pending, 'failed');
  });

  it('stream:false with an error-line fault answers 500 with the message', async () => {
    sim().setFault({ kind: 'error-line', afterChunks: 0, message: 'kaput' });
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { error: 'kaput' });
  });
});

describe('ollama-sim: Host and Origin checks', () => {
  const sim = useSimulator({ origins: ['https://trusted.example'] }, { resetEach: false });

  async function withHeaders(headers: Record<string, string>, method = 'GET'): Promise<{ status: number; allow: string | null }> {
    const { request } = await import('node:http');
    return new Promise((resolve, reject) => {
      const req = request(`${sim().url}/api/version`, { method, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: (res.headers['access-control-allow-origin'] as string | undefined) ?? null }));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('on loopback, a foreign Host header is 403 (DNS rebinding guard); local names pass', async () => {
    assert.equal((await withHeaders({ Host: 'evil.example.com' })).status, 403);
    for (const host of ['localhost:11434', '127.0.0.1', '[::1]:1', 'box.local', 'api.internal', '192.168.1.5']) {
      assert.equal((await withHeaders({ Host: host })).status, 200, host);
    }
  });

  it('allows the built-in origins (vscode-webview since v0.4.0) and OLLAMA_ORIGINS, refuses others', async () => {
    assert.equal((await withHeaders({ Origin: 'https://evil.example' })).status, 403);
    const webview = await withHeaders({ Origin: 'vscode-webview://abc123' });
    assert.deepEqual(webview, { status: 200, allow: 'vscode-webview://abc123' });
    assert.equal((await withHeaders({ Origin: 'http://localhost:5173' })).status, 200);
    assert.equal((await withHeaders({ Origin: 'https://trusted.example' })).status, 200);
    assert.equal((await withHeaders({ Origin: 'vscode-webview://abc123' }, 'OPTIONS')).status, 204);
    sim().configure({ version: '0.3.14' });
    assert.equal((await withHeaders({ Origin: 'vscode-webview://abc123' })).status, 403);
  });
});

describe('ollama-sim: /__sim/ HTTP controls', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 }, { resetEach: false });

  it('scripts, faults, models, configure, requests and reset work over HTTP', async () => {
    assert.equal((await post(`${sim().url}/__sim/script`, { response: ['remote'] })).status, 200);
    const gen = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false });
    assert.equal((gen.json as Record<string, unknown>)['response'], 'remote');

    await post(`${sim().url}/__sim/models`, { name: 'added:1b', capabilities: ['completion', 'insert'] });
    assert.equal((await post(`${sim().url}/api/show`, { model: 'added:1b' })).status, 200);

    await post(`${sim().url}/__sim/configure`, { version: '0.6.0' });
    assert.deepEqual((await call(`${sim().url}/api/version`, 'GET')).json, { version: '0.6.0' });

    await post(`${sim().url}/__sim/fault`, { kind: 'status', code: 500, error: 'x' });
    assert.equal((await call(`${sim().url}/api/tags`, 'GET')).status, 500);
    await post(`${sim().url}/__sim/fault`, null);
    assert.equal((await call(`${sim().url}/api/tags`, 'GET')).status, 200);

    const requests = (await call(`${sim().url}/__sim/requests`, 'GET')).json as { path: string }[];
    assert.deepEqual(requests.map((r) => r.path), ['/api/generate', '/api/show', '/api/version', '/api/tags', '/api/tags']);
    const state = (await call(`${sim().url}/__sim/state`, 'GET')).json as { loaded: { name: string }[] };
    assert.deepEqual(state.loaded.map((l) => l.name), [FIM]);

    await post(`${sim().url}/__sim/reset`);
    assert.deepEqual((await call(`${sim().url}/__sim/requests`, 'GET')).json, []);
    assert.equal((await post(`${sim().url}/api/show`, { model: 'added:1b' })).status, 404);
    assert.deepEqual((await call(`${sim().url}/api/version`, 'GET')).json, { version: '0.33.0' });
  });
});
