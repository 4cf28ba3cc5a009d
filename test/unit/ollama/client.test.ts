/**
 * The client against the Ollama simulator over real HTTP: shapes, what is sent,
 * that aborting and stopping early close the request, and that every failure
 * arrives as the cause a user can act on.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { OllamaError } from '../../../src/core/ollama/errors';
import { resolveHost } from '../../../src/core/ollama/host';
import type { GenerateChunk, OllamaApi } from '../../../src/core/ollama/types';
import { silentLogger } from '../../../src/core/log';
import { causeOf, collect } from './rejections';

const CODER = 'qwen2.5-coder:1.5b-base';
const CHAT = 'dolphin3:8b';
const REASONER = 'deepseek-r1:7b';

let sim: OllamaSimulator;
let api: OllamaApi;

function client(url: string, extra: { timeoutMs?: number; streamStartTimeoutMs?: number } = {}): OllamaApi {
  return createOllamaClient({ host: resolveHost(url, undefined), logger: silentLogger, ...extra });
}

const lastRequest = (path: string) => {
  const r = sim.requests.filter((x) => x.path === path).at(-1);
  assert.ok(r, `no request to ${path}`);
  return r;
};

before(async () => {
  sim = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 500 });
  api = client(sim.url);
});
after(() => sim.stop());
beforeEach(() => sim.reset());

describe('reading the server', () => {
  it('version() is what /api/version says', async () => {
    assert.equal(await api.version(), '0.33.0');
    sim.configure({ version: '0.5.0' });
    assert.equal(await api.version(), '0.5.0');
    assert.equal(lastRequest('/api/version').method, 'GET');
  });

  it('list() gives every installed model with size and details in camelCase', async () => {
    const models = await api.list();
    assert.deepEqual(models.map((m) => m.name).sort(), [REASONER, CHAT, CODER].sort());
    const coder = models.find((m) => m.name === CODER);
    assert.ok(coder);
    assert.equal(coder.sizeBytes, 986_061_892);
    assert.equal(coder.details.parameterSize, '1.5B');
    assert.equal(coder.details.quantizationLevel, 'Q4_K_M');
    assert.equal(coder.details.family, 'qwen2');
    assert.match(coder.digest, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(coder.modifiedAt)));
    assert.equal(coder.remote, false);
  });

  it('ps() shows a model once a request loaded it, with its real context', async () => {
    assert.deepEqual(await api.ps(), []);
    await collect(api.generate({ model: CODER, prompt: 'x', options: { num_ctx: 8192 } }));
    const [loaded] = await api.ps();
    assert.ok(loaded);
    assert.equal(loaded.name, CODER);
    assert.equal(loaded.sizeBytes, 986_061_892);
    assert.equal(loaded.vramBytes, 986_061_892);
    assert.equal(loaded.contextLength, 8192);
    assert.ok(Date.parse(loaded.expiresAt) > Date.now());
  });

  it('show() reads capabilities, template, context length and parameters', async () => {
    const coder = await api.show(CODER);
    assert.ok(coder.capabilities.has('insert'));
    assert.ok(coder.capabilities.has('completion'));
    assert.equal(coder.capabilitiesInferred, false);
    assert.equal(coder.contextLength, 32768);
    assert.equal(coder.architecture, 'qwen2');
    assert.match(coder.template, /\.Suffix/);

    const chat = await api.show(CHAT);
    assert.ok(!chat.capabilities.has('insert'));
    assert.match(chat.parameters, /^stop\s+"<\|im_start\|>"/m);
    assert.equal(chat.system, 'You are Dolphin, a helpful AI assistant.');

    const reasoner = await api.show(REASONER);
    assert.ok(reasoner.capabilities.has('thinking'));
  });
});

describe('generate and chat', () => {
  it('streams the reply token by token and ends with done and counts', async () => {
    sim.script({ response: ['  return', ' a', ' + b'] });
    const chunks = await collect(api.generate({ model: CODER, prompt: 'def add(a, b):\n', suffix: '\n' }));
    assert.equal(chunks.map((c) => c.response).join(''), '  return a + b');
    const last = chunks.at(-1);
    assert.equal(last?.done, true);
    assert.equal(last?.doneReason, 'stop');
    assert.equal(last?.evalCount, 3);
    assert.ok(chunks.slice(0, -1).every((c) => !c.done));
  });

  it('sends suffix, raw, system, keep_alive and options as given, and think only when given', async () => {
    await collect(
      api.generate({ model: CODER, prompt: 'p', suffix: 's', raw: false, keepAlive: '10m', options: { temperature: 0.2, stop: ['\n\n'] } }),
    );
    const body = lastRequest('/api/generate').body;
    assert.equal(body.suffix, 's');
    assert.equal(body.raw, false);
    assert.equal(body.keep_alive, '10m');
    assert.deepEqual(body.options, { temperature: 0.2, stop: ['\n\n'] });
    assert.equal(body.stream, true);
    assert.ok(!('think' in body), 'think must be omitted when not given');
    assert.ok(!('system' in body));

    await collect(api.generate({ model: CHAT, prompt: 'p', system: 'be terse', think: false, keepAlive: 0 }));
    const second = lastRequest('/api/generate').body;
    assert.equal(second.think, false);
    assert.equal(second.system, 'be terse');
    assert.equal(second.keep_alive, 0);
  });

  it('sends a number-like keep_alive string as seconds, which Ollama would reject as a duration', async () => {
    await collect(api.generate({ model: CODER, prompt: 'p', keepAlive: '3600' }));
    assert.equal(lastRequest('/api/generate').body.keep_alive, 3600);
  });

  it('separates thinking from the answer when think is on', async () => {
    sim.script({ match: { model: REASONER }, thinking: ['Let', ' me', ' think'], response: ['42'] });
    const chunks = await collect(api.generate({ model: REASONER, prompt: 'q', think: true }));
    assert.equal(chunks.map((c) => c.thinking ?? '').join(''), 'Let me think');
    assert.equal(chunks.map((c) => c.response).join(''), '42');
  });

  it('chat streams message content and sends the conversation', async () => {
    sim.script({ match: { path: '/api/chat' }, response: ['Hi', ' there'] });
    const chunks = await collect(
      api.chat({ model: CHAT, messages: [{ role: 'system', content: 'S' }, { role: 'user', content: 'hello' }] }),
    );
    assert.equal(chunks.map((c) => c.content).join(''), 'Hi there');
    assert.equal(chunks.at(-1)?.done, true);
    const body = lastRequest('/api/chat').body;
    assert.deepEqual(body.messages, [{ role: 'system', content: 'S' }, { role: 'user', content: 'hello' }]);
    assert.ok(!('think' in body));
  });

  it('nothing is sent before the stream is consumed', async () => {
    const stream = api.generate({ model: CODER, prompt: 'p' });
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(sim.requests.length, 0);
    await collect(stream);
    assert.equal(sim.requests.length, 1);
  });
});

describe('cancellation closes the HTTP request', () => {
  it('aborting mid-stream closes the request at once and rejects with "aborted"', async () => {
    sim.configure({ tokensPerSecond: 50 });
    sim.script({ response: Array.from({ length: 200 }, (_, i) => `t${i} `) });
    const controller = new AbortController();
    const seen: GenerateChunk[] = [];
    const cause = await causeOf(async () => {
      for await (const chunk of api.generate({ model: CODER, prompt: 'p' }, controller.signal)) {
        seen.push(chunk);
        if (seen.length === 3) controller.abort();
      }
    });
    assert.deepEqual(cause, { kind: 'aborted' });
    const record = await sim.waitFor((r) => r.path === '/api/generate' && r.aborted, 1000);
    // The whole reply would take 4 s (200 tokens): the server saw the close within a few tokens.
    assert.ok(record.tokensGenerated < 20, `generated ${record.tokensGenerated} tokens`);
  });

  it('stopping early with break closes the request (ollama-js alone would keep it open)', async () => {
    sim.configure({ tokensPerSecond: 50 });
    sim.script({ response: Array.from({ length: 200 }, (_, i) => `t${i} `) });
    for await (const chunk of api.generate({ model: CODER, prompt: 'p' })) {
      if (chunk.response) break;
    }
    const record = await sim.waitFor((r) => r.path === '/api/generate' && r.aborted, 1000);
    assert.ok(record.tokensGenerated < 20);
  });

  it('aborting while Ollama has not answered yet (model loading) closes the request', async () => {
    sim.configure({ ttftMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cause = await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' }, controller.signal)));
    assert.deepEqual(cause, { kind: 'aborted' });
    // Rejected while the model was still loading, not after the reply came.
    assert.equal(sim.requests.find((r) => r.path === '/api/generate')?.chunksSent, 0);
    await sim.waitFor((r) => r.path === '/api/generate' && r.aborted, 1000);
  });

  it('an already aborted signal sends nothing that runs', async () => {
    const cause = await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' }, AbortSignal.abort())));
    assert.deepEqual(cause, { kind: 'aborted' });
    assert.ok(sim.requests.every((r) => r.tokensGenerated === 0));
  });

  it('aborting a pull closes it; the download so far is kept by the server', async () => {
    sim.configure({ pullBytesPerSecond: 200_000_000 });
    const controller = new AbortController();
    const cause = await causeOf(async () => {
      for await (const line of api.pull('llama2-uncensored:7b', controller.signal)) {
        if ((line.completed ?? 0) > 0) controller.abort();
      }
    });
    assert.deepEqual(cause, { kind: 'aborted' });
    await sim.waitFor((r) => r.path === '/api/pull' && r.aborted, 1000);
    assert.equal(sim.has('llama2-uncensored:7b'), false);
  });

  it('aborting a non-streamed call (slow server) rejects with "aborted", not a timeout', async () => {
    sim.setFault({ kind: 'slow-headers', ms: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    assert.deepEqual(await causeOf(() => api.list(controller.signal)), { kind: 'aborted' });
    await sim.waitFor((r) => r.path === '/api/tags' && r.aborted, 1000);
  });

  it('many streams stopped early leave nothing open', async () => {
    sim.configure({ tokensPerSecond: 100 });
    sim.script({ response: Array.from({ length: 100 }, () => 'x') });
    for (let i = 0; i < 10; i++) {
      for await (const _ of api.generate({ model: CODER, prompt: `p${i}` })) break;
    }
    await new Promise((r) => setTimeout(r, 100));
    const generates = sim.requests.filter((r) => r.path === '/api/generate');
    assert.equal(generates.length, 10);
    assert.ok(generates.every((r) => r.endedAt !== undefined), 'every request ended');
  });
});

describe('pull and delete', () => {
  it('pull streams progress by layer and ends with success; the model is then installed', async () => {
    sim.configure({ pullBytesPerSecond: 20_000_000_000 });
    const lines = await collect(api.pull('llama2-uncensored:7b'));
    assert.equal(lines[0]?.status, 'pulling manifest');
    assert.equal(lines.at(-1)?.status, 'success');
    const layer = lines.find((l) => l.digest && l.total);
    assert.ok(layer?.digest?.startsWith('sha256:'));
    assert.ok((await api.list()).some((m) => m.name === 'llama2-uncensored:7b'));
  });

  it('pulling a model the registry does not have fails with the server text', async () => {
    const cause = await causeOf(() => collect(api.pull('no-such-model:13b')));
    assert.equal(cause.kind, 'stream');
    assert.match(cause.kind === 'stream' ? cause.message : '', /file does not exist/);
  });

  it('delete removes the model; deleting it again says it is not installed', async () => {
    await api.delete(CHAT);
    assert.ok(!(await api.list()).some((m) => m.name === CHAT));
    assert.deepEqual(await causeOf(() => api.delete(CHAT)), { kind: 'model-missing', model: CHAT });
  });
});

describe('errors name the cause', () => {
  it('a model that is not installed', async () => {
    const cause = await causeOf(() => collect(api.generate({ model: 'qwen2.5-coder:7b-base', prompt: 'p' })));
    assert.deepEqual(cause, { kind: 'model-missing', model: 'qwen2.5-coder:7b-base' });
    assert.deepEqual(await causeOf(() => api.show('nope:1b')), { kind: 'model-missing', model: 'nope:1b' });
  });

  it('FIM on a model without insert', async () => {
    const cause = await causeOf(() => collect(api.generate({ model: CHAT, prompt: 'a', suffix: 'b' })));
    assert.deepEqual(cause, { kind: 'no-insert', model: CHAT });
  });

  it('think on a model without thinking', async () => {
    const cause = await causeOf(() => collect(api.chat({ model: CHAT, messages: [{ role: 'user', content: 'x' }], think: true })));
    assert.deepEqual(cause, { kind: 'no-thinking', model: CHAT });
  });

  it('an error line in the middle of a 200 stream', async () => {
    sim.setFault({ kind: 'error-line', afterChunks: 2, message: 'model runner has unexpectedly stopped' });
    const got: string[] = [];
    const cause = await causeOf(async () => {
      for await (const c of api.generate({ model: CODER, prompt: 'p' })) got.push(c.response);
    });
    assert.deepEqual(cause, { kind: 'stream', message: 'model runner has unexpectedly stopped' });
    assert.equal(got.length, 2, 'the tokens before the error were delivered');
  });

  it('a line that is not JSON', async () => {
    sim.setFault({ kind: 'malformed', afterChunks: 1 });
    const cause = await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' })));
    assert.equal(cause.kind, 'malformed');
  });

  it('a connection cut mid-stream', async () => {
    sim.setFault({ kind: 'drop', afterChunks: 2 });
    const cause = await causeOf(() => collect(api.chat({ model: CHAT, messages: [{ role: 'user', content: 'x' }] })));
    assert.deepEqual(cause, { kind: 'stream', message: 'the connection closed in the middle of the reply' });
  });

  it('server statuses: 503 busy, 500 server, 403 forbidden', async () => {
    sim.setFault({ kind: 'status', code: 503, error: 'server busy, please try again.  maximum pending requests exceeded' });
    assert.equal((await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' })))).kind, 'busy');
    sim.setFault({ kind: 'status', code: 500, error: 'model runner has unexpectedly stopped' });
    assert.deepEqual(await causeOf(() => api.show(CODER)), {
      kind: 'server',
      status: 500,
      message: 'model runner has unexpectedly stopped',
    });
    sim.setFault({ kind: 'status', code: 403, error: '' });
    assert.deepEqual(await causeOf(() => api.list()), { kind: 'forbidden', host: sim.url });
  });

  it('nothing listening: connection refused means "not running" at that host', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const closed = client(`127.0.0.1:${port}`);
    const host = `http://127.0.0.1:${port}`;
    assert.deepEqual(await causeOf(() => closed.version()), { kind: 'not-running', host });
    assert.deepEqual(await causeOf(() => collect(closed.generate({ model: CODER, prompt: 'p' }))), { kind: 'not-running', host });
    const error = await closed.list().catch((e: unknown) => e);
    assert.ok(error instanceof OllamaError);
    assert.equal(error.message, `Ollama is not running at ${host}.`);
  });

  it('the simulator refusing connections is also "not running"', async () => {
    sim.setFault({ kind: 'refuse' });
    try {
      assert.equal((await causeOf(() => api.version())).kind, 'not-running');
    } finally {
      sim.setFault(undefined);
    }
    assert.equal(await api.version(), '0.33.0');
  });

  it('a server that does not answer in time is a timeout naming the limit', async () => {
    sim.setFault({ kind: 'slow-headers', ms: 3000 });
    const quick = client(sim.url, { timeoutMs: 150 });
    assert.deepEqual(await causeOf(() => quick.list()), { kind: 'timeout', ms: 150 });
    await sim.waitFor((r) => r.path === '/api/tags' && r.aborted, 1000);
  });

  it('streams have no timeout by default, but can be given one for the start', async () => {
    sim.configure({ ttftMs: 300 });
    const patient = client(sim.url, { timeoutMs: 100 });
    const chunks = await collect(patient.generate({ model: CODER, prompt: 'p' }));
    assert.equal(chunks.at(-1)?.done, true, 'a slow first token is not a timeout for a stream');

    const strict = client(sim.url, { streamStartTimeoutMs: 100 });
    assert.deepEqual(await causeOf(() => collect(strict.generate({ model: CODER, prompt: 'p' }))), { kind: 'timeout', ms: 100 });
  });

  it('a stream that starts in time is not cut by the start timeout later', async () => {
    sim.configure({ ttftMs: 5, tokensPerSecond: 20 });
    sim.script({ response: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const strict = client(sim.url, { streamStartTimeoutMs: 150 });
    const chunks = await collect(strict.generate({ model: CODER, prompt: 'p' }));
    assert.equal(chunks.map((c) => c.response).join(''), 'abcdef');
  });

  it('a wrong path prefix is reported as "not an Ollama server", not as a missing model', async () => {
    const wrong = client(`${sim.url}/not-ollama`);
    const cause = await causeOf(() => wrong.show(CODER));
    assert.equal(cause.kind, 'server');
    assert.match(cause.kind === 'server' ? cause.message : '', /page not found/);
  });
});

describe('the extension host console stays clean', () => {
  it('ollama-js writes nothing for a non-JSON error body or a malformed line', async () => {
    const written: string[] = [];
    const saved = { log: console.log, warn: console.warn, error: console.error };
    const record = (...args: unknown[]): void => void written.push(args.map(String).join(' '));
    Object.assign(console, { log: record, warn: record, error: record });
    try {
      await causeOf(() => client(`${sim.url}/not-ollama`).list());
      sim.setFault({ kind: 'malformed', afterChunks: 1 });
      await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' })));
    } finally {
      Object.assign(console, saved);
    }
    assert.deepEqual(written, []);
  });
});

describe('host details reach the wire', () => {
  it('credentials in the host go out as a Basic Authorization header', async () => {
    const withAuth = createOllamaClient({
      host: resolveHost(sim.url.replace('http://', 'http://me:secret@'), undefined),
      logger: silentLogger,
    });
    await withAuth.version();
    assert.equal(lastRequest('/api/version').headers.authorization, `Basic ${Buffer.from('me:secret').toString('base64')}`);
  });
});

describe('cloud models', () => {
  let server: Server;
  let url = '';
  before(async () => {
    // The simulator has no cloud models; a plain server answers /api/tags as v0.33 does for one.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          models: [
            { name: 'gpt-oss:120b-cloud', model: 'gpt-oss:120b-cloud', remote_model: 'gpt-oss:120b', remote_host: 'https://ollama.com:443', size: 384, digest: 'd', details: {}, modified_at: '2025-09-01T00:00:00Z' },
            { name: 'llama3:8b', model: 'llama3:8b', size: 4_000_000_000, digest: 'e', details: { family: 'llama' }, modified_at: '2025-09-01T00:00:00Z' },
          ],
        }),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('are marked remote so the UI can keep them apart from local models', async () => {
    const models = await client(url).list();
    assert.deepEqual(
      models.map((m) => [m.name, m.remote]),
      [
        ['gpt-oss:120b-cloud', true],
        ['llama3:8b', false],
      ],
    );
  });
});
