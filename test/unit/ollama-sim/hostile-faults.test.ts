// Faults of a broken or hostile server: what a client receives for each, read with plain fetch.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, post, stream } from './http';
import { useSimulator } from './use-simulator';

const FIM = 'qwen2.5-coder:1.5b-base';

/** Reads the body until `enough` bytes arrived or it ends; cancels the rest. */
async function readUpTo(res: Response, enough: number): Promise<{ bytes: number; newlines: number; ended: boolean }> {
  const reader = res.body!.getReader();
  let bytes = 0;
  let newlines = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { bytes, newlines, ended: true };
    bytes += value.length;
    for (const b of value) if (b === 10) newlines++;
    if (bytes >= enough) {
      await reader.cancel();
      return { bytes, newlines, ended: false };
    }
  }
}

describe('ollama-sim: hostile faults', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 });

  it('huge-line: one valid line with that many characters, then the scripted rest and done', async () => {
    sim().script({ response: ['a', 'b'] });
    sim().setFault({ kind: 'huge-line', afterChunks: 1, chars: 2_000_000, path: '/api/generate' });
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    const texts = r.lines.map((l) => String(l.value['response']));
    assert.equal(texts[0], 'a');
    assert.equal(texts[1]?.length, 2_000_000);
    assert.equal(texts[2], 'b');
    assert.equal(r.lines.at(-1)?.value['done'], true);
  });

  it('huge-line on chat puts the text in message.content', async () => {
    sim().setFault({ kind: 'huge-line', afterChunks: 0, chars: 1000, path: '/api/chat' });
    const r = await stream(`${sim().url}/api/chat`, { model: 'dolphin3:8b', messages: [{ role: 'user', content: 'hi' }] });
    const first = r.lines[0]?.value['message'] as { content?: string } | undefined;
    assert.equal(first?.content?.length, 1000);
  });

  it('endless-line: bytes keep coming without a newline, and stop when the client leaves', async () => {
    sim().setFault({ kind: 'endless-line', afterChunks: 1, path: '/api/generate' });
    const res = await fetch(`${sim().url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: FIM, prompt: 'p' }) });
    assert.equal(res.status, 200);
    const got = await readUpTo(res, 4 * 1024 * 1024);
    assert.equal(got.ended, false, 'the line is still going after 4 MiB');
    assert.equal(got.newlines, 1, 'only the first, normal line ended');
    const record = await sim().waitFor((q) => q.path === '/api/generate' && q.endedAt !== undefined);
    assert.equal(record.aborted, true);
  });

  it('endless-line with maxBytes ends the body there (still without a newline)', async () => {
    sim().setFault({ kind: 'endless-line', afterChunks: 0, maxBytes: 200_000 });
    const res = await fetch(`${sim().url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: FIM, prompt: 'p' }) });
    const got = await readUpTo(res, Number.MAX_SAFE_INTEGER);
    assert.equal(got.ended, true);
    assert.equal(got.newlines, 0);
    assert.ok(got.bytes >= 200_000);
  });

  it('silent: headers, the lines before, then nothing until the client leaves', async () => {
    sim().script({ response: ['a', 'b', 'c'] });
    sim().setFault({ kind: 'silent', afterChunks: 1, path: '/api/generate' });
    const controller = new AbortController();
    const lines: string[] = [];
    const reading = stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' }, {
      signal: controller.signal,
      onLine: (l) => void lines.push(String(l.value['response'])),
    }).then(() => 'ended', () => 'aborted');
    // The simulated model goes on producing tokens; none of them reach the client.
    await sim().waitFor((q) => q.path === '/api/generate' && q.tokensGenerated >= 2);
    assert.deepEqual(lines, ['a']);
    assert.equal(sim().requests.at(-1)?.endedAt, undefined, 'the response is still open');
    controller.abort();
    assert.equal(await reading, 'aborted');
    const record = await sim().waitFor((q) => q.path === '/api/generate' && q.endedAt !== undefined);
    assert.equal(record.aborted, true);
  });

  it('silent with afterChunks 0: a 200 with headers and no line', async () => {
    sim().setFault({ kind: 'silent', afterChunks: 0, path: '/api/generate' });
    const controller = new AbortController();
    const res = await fetch(`${sim().url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: FIM, prompt: 'p' }), signal: controller.signal });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
    controller.abort();
  });

  for (const body of [{}, [], null]) {
    it(`reply: /api/show answers ${JSON.stringify(body)} with 200`, async () => {
      sim().setFault({ kind: 'reply', body, path: '/api/show' });
      const r = await post(`${sim().url}/api/show`, { model: FIM });
      assert.equal(r.status, 200);
      assert.equal(r.text, JSON.stringify(body));
      assert.equal((await call(`${sim().url}/api/version`, 'GET')).status, 200, 'other endpoints answer as usual');
    });
  }

  it('ignoreNumPredict: a script goes past num_predict', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd'], ignoreNumPredict: true });
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false, options: { num_predict: 2 } });
    assert.equal((r.json as { response: string }).response, 'abcd');
  });

  it('a cloud model names its remote_host in /api/show and /api/tags', async () => {
    sim().addModel({ name: 'gpt-oss:120b-cloud', remoteHost: 'https://ollama.com:443', capabilities: ['completion', 'insert'] });
    const show = (await post(`${sim().url}/api/show`, { model: 'gpt-oss:120b-cloud' })).json as Record<string, unknown>;
    assert.equal(show['remote_host'], 'https://ollama.com:443');
    assert.equal(show['remote_model'], 'gpt-oss');
    const tags = (await call(`${sim().url}/api/tags`, 'GET')).json as { models: Record<string, unknown>[] };
    assert.equal(tags.models.find((m) => m['name'] === 'gpt-oss:120b-cloud')?.['remote_host'], 'https://ollama.com:443');
    assert.equal(tags.models.find((m) => m['name'] === FIM)?.['remote_host'], undefined);
  });
});
