// One generation at a time per model (OLLAMA_NUM_PARALLEL=1), and cancellation by closing the connection (docs/reference/ollama-api.md section 11).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { post, stream } from './http';
import { useSimulator } from './use-simulator';

const FIM = 'qwen2.5-coder:1.5b-base';
const CHAT = 'dolphin3:8b';

describe('ollama-sim: one generation at a time per model', () => {
  const sim = useSimulator({ ttftMs: 10, tokensPerSecond: 50 });

  it('queues a second request to the same model until the first ends (FIFO)', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd', 'e'] });
    const ends: string[] = [];
    const first = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'one', stream: false }).then(() => ends.push('one'));
    await sim().waitFor((r) => r.body.prompt === 'one');
    const second = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'two', stream: false }).then(() => ends.push('two'));
    await sim().waitFor((r) => r.body.prompt === 'two');
    const third = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'three', stream: false }).then(() => ends.push('three'));
    await Promise.all([first, second, third]);
    assert.deepEqual(ends, ['one', 'two', 'three']);
    const [r1, r2, r3] = sim().requests;
    assert.ok(r1?.slotReleasedAt !== undefined && r2?.slotReleasedAt !== undefined);
    assert.ok(r2?.slotAt !== undefined && r3?.slotAt !== undefined);
    // Ordered by the slot's own events: the response's 'close' (endedAt) may come after the next request
    // already took the slot, which is what Ollama does too.
    assert.ok(r2.slotAt >= r1.slotReleasedAt, 'second got the slot only after the first gave it back');
    assert.ok(r3.slotAt >= r2.slotReleasedAt, 'third after the second');
    assert.ok((r2.firstTokenAt ?? -Infinity) >= r1.slotReleasedAt, 'the second generated nothing while the first ran');
  });

  it('runs different models at the same time', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd', 'e'] });
    await Promise.all([
      post(`${sim().url}/api/generate`, { model: FIM, prompt: 'x', stream: false }),
      post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'y', stream: false }),
    ]);
    const [a, b] = sim().requests;
    assert.ok((b?.slotAt ?? Infinity) < (a?.endedAt ?? 0), 'the other model did not wait');
  });
});

describe('ollama-sim: abort by closing the connection', () => {
  const sim = useSimulator({ ttftMs: 10, tokensPerSecond: 40 });

  it('stops generating at once, records aborted/abortedAt and frees the slot for the queued request', async () => {
    sim().script({ match: { promptIncludes: 'long' }, response: Array.from({ length: 100 }, (_, i) => `t${i} `) });
    sim().script({ match: { promptIncludes: 'next' }, response: ['ok'] });
    const controller = new AbortController();
    const seen: number[] = [];
    const first = stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'long' }, {
      signal: controller.signal,
      onLine: (l) => {
        seen.push(l.at);
        if (seen.length === 3) controller.abort();
      },
    }).catch((e: Error) => e);
    await sim().waitFor((r) => r.body.prompt === 'long');
    const second = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'next', stream: false });
    const err = await first;
    assert.equal((err as Error).name, 'AbortError');
    const record = await sim().waitFor((r) => r.body.prompt === 'long' && r.aborted);
    const next = await second;
    assert.equal((next.json as Record<string, unknown>)['response'], 'ok');
    const tokensAtAbort = record.tokensGenerated;
    assert.ok(tokensAtAbort >= 3 && tokensAtAbort <= 5, `generated ${tokensAtAbort} tokens before the abort was seen`);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(record.tokensGenerated, tokensAtAbort, 'no token generated after the abort');
    const nextRecord = sim().requests.find((r) => r.body.prompt === 'next');
    // Ordered after the abort, and far earlier than the 97 tokens left (2.4 s) would have taken.
    assert.ok(record.abortedAt !== undefined && nextRecord?.slotAt !== undefined);
    assert.ok(nextRecord.slotAt >= record.abortedAt && nextRecord.slotAt < record.abortedAt + 1000, 'the queued request got the slot the aborted one left');
  });

  it('a request aborted while queued never generates', async () => {
    sim().script({ match: { promptIncludes: 'busy' }, response: ['a', 'b', 'c', 'd', 'e', 'f'] });
    const busy = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'busy', stream: false });
    await sim().waitFor((r) => r.body.prompt === 'busy');
    const controller = new AbortController();
    const queued = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'queued' }, controller.signal).catch((e: Error) => e);
    await sim().waitFor((r) => r.body.prompt === 'queued');
    controller.abort();
    await queued;
    await busy;
    const record = await sim().waitFor((r) => r.body.prompt === 'queued' && r.aborted);
    assert.equal(record.tokensGenerated, 0);
    assert.equal(record.slotAt, undefined);
  });

  it('counts stale tokens: generated after a newer request for the same model arrived', async () => {
    sim().script({ match: { promptIncludes: 'old' }, response: ['1', '2', '3', '4', '5', '6'] });
    sim().script({ match: { promptIncludes: 'new' }, response: ['x'] });
    const old = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'old', stream: false });
    // Arrive while "old" is mid-way: it keeps generating (nobody aborted it), and those tokens are stale.
    await sim().waitFor((r) => r.body.prompt === 'old' && r.tokensGenerated >= 2);
    const fresh = post(`${sim().url}/api/generate`, { model: FIM, prompt: 'new', stream: false });
    await Promise.all([old, fresh]);
    const oldRecord = sim().requests.find((r) => r.body.prompt === 'old');
    const newRecord = sim().requests.find((r) => r.body.prompt === 'new');
    assert.equal(oldRecord?.tokensGenerated, 6);
    assert.ok((oldRecord?.staleTokens ?? 0) >= 2 && (oldRecord?.staleTokens ?? 0) <= 4, `stale ${oldRecord?.staleTokens}`);
    assert.equal(newRecord?.staleTokens, 0);
  });

  it('an aborted pull is recorded like a generate', async () => {
    sim().configure({ pullBytesPerSecond: 500_000_000 });
    const controller = new AbortController();
    await stream(`${sim().url}/api/pull`, { model: 'qwen2.5-coder:7b' }, {
      signal: controller.signal,
      onLine: (l) => {
        if (l.value['completed']) controller.abort();
      },
    }).catch(() => undefined);
    const record = await sim().waitFor((r) => r.path === '/api/pull' && r.aborted);
    assert.ok(record.abortedAt !== undefined);
  });
});
