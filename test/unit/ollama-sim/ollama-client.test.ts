// The real `ollama` npm client against the simulator: proof that the simulator speaks Ollama's wire format.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Ollama } from 'ollama';
import { useSimulator } from './use-simulator';

interface ResponseErrorLike extends Error {
  status_code: number;
  error: string;
}

async function rejection(p: Promise<unknown>): Promise<ResponseErrorLike> {
  try {
    await p;
  } catch (e) {
    return e as ResponseErrorLike;
  }
  throw new Error('expected a rejection');
}

describe('ollama-sim: with the ollama npm client', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 500, pullBytesPerSecond: 20_000_000_000 });
  let client: Ollama;
  before(() => {
    client = new Ollama({ host: sim().url });
  });

  it('version(), list(), ps(), show()', async () => {
    assert.equal((await client.version()).version, '0.33.0');
    const list = await client.list();
    assert.ok(list.models.some((m) => m.name === 'qwen2.5-coder:1.5b-base' && m.details.family === 'qwen2'));
    assert.deepEqual((await client.ps()).models, []);
    const show = await client.show({ model: 'qwen2.5-coder:1.5b-base' });
    assert.deepEqual(show.capabilities, ['completion', 'insert']);
    assert.equal(show.model_info['qwen2.context_length' as keyof typeof show.model_info], 32768);
  });

  it('generate stream yields the scripted tokens and a done part', async () => {
    sim().script({ response: ['fn', ' main', '()'] });
    const parts = [];
    for await (const part of await client.generate({ model: 'qwen2.5-coder:1.5b-base', prompt: 'x', suffix: 'y', stream: true })) parts.push(part);
    assert.deepEqual(parts.map((p) => p.response), ['fn', ' main', '()', '']);
    assert.equal(parts.at(-1)?.done, true);
    assert.equal(parts.at(-1)?.done_reason, 'stop');
    assert.equal(parts.at(-1)?.eval_count, 3);
  });

  it('chat stream carries message.thinking then message.content', async () => {
    sim().script({ thinking: ['why'], response: ['because'] });
    const parts = [];
    for await (const part of await client.chat({ model: 'deepseek-r1:7b', messages: [{ role: 'user', content: 'q' }], stream: true })) parts.push(part);
    assert.equal(parts[0]?.message.thinking, 'why');
    assert.equal(parts[1]?.message.content, 'because');
  });

  it('errors are ResponseError with status_code and the server\'s message', async () => {
    const missing = await rejection(client.show({ model: 'ghost' }));
    assert.equal(missing.name, 'ResponseError');
    assert.equal(missing.status_code, 404);
    assert.equal(missing.error, "model 'ghost' not found");
    const insert = await rejection(client.generate({ model: 'dolphin3:8b', prompt: 'a', suffix: 'b' }));
    assert.equal(insert.status_code, 400);
    assert.equal(insert.message, 'registry.ollama.ai/library/dolphin3:8b does not support insert');
  });

  it('an in-band error line is thrown as a plain Error', async () => {
    sim().setFault({ kind: 'error-line', afterChunks: 1, message: 'model runner has unexpectedly stopped' });
    const it = await client.generate({ model: 'dolphin3:8b', prompt: 'a', stream: true });
    const err = await rejection((async () => {
      for await (const _ of it) { /* drain */ }
    })());
    assert.equal(err.name, 'Error');
    assert.equal(err.message, 'model runner has unexpectedly stopped');
  });

  it('abort() on the stream closes the connection; the simulator records the abort', async () => {
    sim().script({ response: Array.from({ length: 50 }, () => 'tok ') });
    const it = await client.generate({ model: 'dolphin3:8b', prompt: 'long', stream: true });
    const err = await rejection((async () => {
      let n = 0;
      for await (const _ of it) if (++n === 2) it.abort();
    })());
    assert.equal(err.name, 'AbortError');
    const record = await sim().waitFor((r) => r.path === '/api/generate' && r.aborted);
    assert.ok(record.tokensGenerated < 50);
  });

  it('pull stream ends with success; delete; pull of an unknown model throws the manifest error', async () => {
    const statuses: string[] = [];
    for await (const p of await client.pull({ model: 'codellama:7b-code', stream: true })) statuses.push(p.status);
    assert.equal(statuses[0], 'pulling manifest');
    assert.equal(statuses.at(-1), 'success');
    assert.ok((await client.list()).models.some((m) => m.name === 'codellama:7b-code'));
    assert.deepEqual(await client.delete({ model: 'codellama:7b-code' }), { status: 'success' });
    const err = await rejection((async () => {
      for await (const _ of await client.pull({ model: 'nope:1b', stream: true })) { /* drain */ }
    })());
    assert.equal(err.message, 'pull model manifest: file does not exist');
  });

  it('a refused connection surfaces as fetch failed with ECONNREFUSED', async () => {
    const fresh = new Ollama({ host: sim().url });
    sim().setFault({ kind: 'refuse' });
    await new Promise((r) => setTimeout(r, 20));
    const err = (await rejection(fresh.version())) as Error & { cause?: { code?: string } };
    assert.equal(err.cause?.code, 'ECONNREFUSED');
    sim().setFault(undefined);
    assert.equal((await fresh.version()).version, '0.33.0');
  });
});
