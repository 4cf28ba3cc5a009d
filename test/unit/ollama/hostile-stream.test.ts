/**
 * The client against a broken or hostile server (the simulator's faults): a line
 * that never ends, a line too long to be a token, a stream that falls silent after
 * its headers. Each must fail with a cause the user can read, and close the request.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { createOllamaClient, MAX_STREAM_LINE_BYTES } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { silentLogger } from '../../../src/core/log';
import { causeOf, collect } from './rejections';

const CODER = 'qwen2.5-coder:1.5b-base';

let sim: OllamaSimulator;

function client(extra: { streamIdleTimeoutMs?: number } = {}): OllamaApi {
  return createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger, ...extra });
}

before(async () => {
  sim = await OllamaSimulator.start({ ttftMs: 1, tokensPerSecond: 1000 });
});
after(() => sim.stop());
beforeEach(() => sim.reset());

describe('a line that never ends', () => {
  it('fails as soon as the line is longer than any reply line can be, and closes the request', { timeout: 20_000 }, async () => {
    sim.setFault({ kind: 'endless-line', afterChunks: 1, path: '/api/generate' });
    const received: string[] = [];
    const cause = await causeOf(async () => {
      for await (const chunk of client().generate({ model: CODER, prompt: 'p' })) received.push(chunk.response);
    });
    assert.equal(cause.kind, 'malformed');
    assert.match(cause.kind === 'malformed' ? cause.message : '', /longer than 1 MiB/);
    assert.equal(received.length, 1, 'the complete line before it still arrived');
    const record = await sim.waitFor((r) => r.path === '/api/generate' && r.endedAt !== undefined);
    assert.equal(record.aborted, true, 'the client closed the connection instead of reading on');
  });

  it('a line just under the limit is read', async () => {
    sim.script({ response: ['a'] });
    // The JSON around the text adds under 100 bytes.
    sim.setFault({ kind: 'huge-line', afterChunks: 0, chars: MAX_STREAM_LINE_BYTES - 200, path: '/api/generate', times: 1 });
    const chunks = await collect(client().generate({ model: CODER, prompt: 'p' }));
    assert.equal(chunks[0]?.response.length, MAX_STREAM_LINE_BYTES - 200);
    assert.equal(chunks.at(-1)?.done, true);
  });

  it('a 10 MB line fails instead of arriving as 10 MB of text', async () => {
    sim.setFault({ kind: 'huge-line', afterChunks: 0, chars: 10_000_000, path: '/api/generate' });
    const cause = await causeOf(() => collect(client().generate({ model: CODER, prompt: 'p' })));
    assert.equal(cause.kind, 'malformed');
  });

  it('pull progress gets the same limit', { timeout: 20_000 }, async () => {
    sim.setFault({ kind: 'endless-line', afterChunks: 0, path: '/api/pull' });
    const cause = await causeOf(() => collect(client().pull('qwen2.5-coder:7b')));
    assert.equal(cause.kind, 'malformed');
  });
});

describe('a stream that falls silent', () => {
  it('after its headers: fails with a timeout once nothing came for the idle limit', { timeout: 20_000 }, async () => {
    sim.setFault({ kind: 'silent', afterChunks: 0, path: '/api/generate' });
    const cause = await causeOf(() => collect(client({ streamIdleTimeoutMs: 200 }).generate({ model: CODER, prompt: 'p' })));
    assert.deepEqual(cause, { kind: 'timeout', ms: 200 });
    const record = await sim.waitFor((r) => r.path === '/api/generate' && r.endedAt !== undefined);
    assert.equal(record.aborted, true);
  });

  it('in the middle: the lines before arrive, then the timeout', { timeout: 20_000 }, async () => {
    sim.script({ response: ['a', 'b', 'c'] });
    sim.setFault({ kind: 'silent', afterChunks: 2, path: '/api/chat' });
    const received: string[] = [];
    const cause = await causeOf(async () => {
      for await (const chunk of client({ streamIdleTimeoutMs: 200 }).chat({ model: 'dolphin3:8b', messages: [{ role: 'user', content: 'hi' }] })) {
        received.push(chunk.content);
      }
    });
    assert.deepEqual(cause, { kind: 'timeout', ms: 200 });
    assert.deepEqual(received, ['a', 'b']);
  });

  it('a pull is not cut by the idle limit (Ollama is silent while it verifies a download)', { timeout: 20_000 }, async () => {
    const api = client({ streamIdleTimeoutMs: 200 });
    sim.setFault({ kind: 'silent', afterChunks: 1, path: '/api/pull' });
    const controller = new AbortController();
    const pull = api.pull('qwen2.5-coder:7b', controller.signal)[Symbol.asyncIterator]();
    assert.equal((await pull.next()).done, false, 'the first progress line arrived');
    let pullSettled = false;
    const rest = pull.next().then(() => (pullSettled = true), () => (pullSettled = true));
    // A generate that falls silent after the pull did: its idle timer starts later than a pull's would have.
    sim.script({ response: ['a'], fault: { kind: 'silent', afterChunks: 0 }, times: 1 });
    assert.deepEqual(await causeOf(() => collect(api.generate({ model: CODER, prompt: 'p' }))), { kind: 'timeout', ms: 200 });
    assert.equal(pullSettled, false, 'the pull is still waiting');
    controller.abort();
    await rest;
  });

  it('a stream that keeps producing is never cut, however long it runs in total', async () => {
    // 40 tokens at 100/s: 400 ms in all, far beyond the idle limit, but never idle that long.
    sim.script({ response: Array.from({ length: 40 }, () => 'x'), tokensPerSecond: 100, ttftMs: 1 });
    const chunks = await collect(client({ streamIdleTimeoutMs: 200 }).generate({ model: CODER, prompt: 'p' }));
    assert.equal(chunks.at(-1)?.done, true);
    assert.equal(chunks.map((c) => c.response).join(''), 'x'.repeat(40));
  });
});

describe('a reply body without end', () => {
  it('a non-streamed reply larger than any real one fails as malformed instead of being read whole', async () => {
    sim.setFault({ kind: 'reply', body: { models: [], padding: 'x'.repeat(20 * 1024 * 1024) }, path: '/api/tags' });
    const cause = await causeOf(() => client().list());
    assert.equal(cause.kind, 'malformed');
    assert.match(cause.kind === 'malformed' ? cause.message : '', /larger than 16 MiB/);
  });

  it('an ordinary reply is read as before', async () => {
    assert.ok((await client().list()).length > 0);
  });
});
