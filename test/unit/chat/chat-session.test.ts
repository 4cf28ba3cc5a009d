/**
 * The chat controller against the Ollama simulator: what the user sees streamed
 * for each reasoning style, Stop, faults, and the foreground lease completions wait on.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ChatSession, type ChatConfig } from '../../../src/core/chat/chat-session';
import { DEFAULT_PRESETS } from '../../../src/core/chat/presets';
import { ChatStore } from '../../../src/core/chat/store';
import { streamAnswer } from '../../../src/core/chat/stream-answer';
import { systemClock } from '../../../src/core/clock';
import { ModelInfoCache } from '../../../src/core/ollama/capabilities';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import { silentLogger } from '../../../src/core/log';
import type { ToView } from '../../../src/protocol/chat';
import { CHAT_MODELS } from '../../ollama-sim/chat-models';
import { useSimulator } from '../ollama-sim/use-simulator';

const R1_PREFILL = 'hf.co/bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M';

describe('ChatSession with the simulator', () => {
  const sim = useSimulator({
    ttftMs: 1,
    tokensPerSecond: 2000,
    models: [{ name: 'dolphin3:8b', capabilities: ['completion', 'tools'], contextLength: 8192 }, { name: 'qwen2.5-coder:1.5b-base', capabilities: ['completion', 'insert'] }, ...CHAT_MODELS],
  });
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function session(over: Partial<ChatConfig> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'unbound-session-'));
    dirs.push(dir);
    const api = createOllamaClient({ host: resolveHost(sim().url, undefined), logger: silentLogger });
    const cache = new ModelInfoCache(api);
    const posted: ToView[] = [];
    const leases = { held: 0, taken: 0 };
    const config: ChatConfig = { model: 'dolphin3:8b', contextLength: 4096, keepAlive: '30m', presets: DEFAULT_PRESETS, defaultPreset: 'none', ...over };
    const s = new ChatSession({
      api: () => api,
      modelInfo: (m, signal) => cache.show(m, signal),
      store: new ChatStore(dir),
      clock: systemClock,
      now: Date.now,
      post: (m) => {
        posted.push(m);
      },
      beginForegroundStream: () => {
        leases.held++;
        leases.taken++;
        return { dispose: () => void leases.held-- };
      },
      config: () => config,
      log: silentLogger,
    });
    /** The answer as the view assembles it from deltas. */
    const shown = () => {
      let answer = '';
      let reasoning = '';
      for (const m of posted) {
        if (m.type !== 'delta') continue;
        answer = answer.slice(0, answer.length - m.retract) + m.answer;
        reasoning += m.reasoning;
      }
      return { answer, reasoning };
    };
    return { s, posted, leases, shown, dir };
  }

  test('Dolphin: a plain answer streams in, gets Ollama\'s counters, holds one lease while it streams', async () => {
    sim().script({ match: { path: '/api/chat' }, response: 'Here:\n```js\nconsole.log(1)\n```\nDone.' });
    const { s, posted, leases, shown } = session();
    const sent = s.send('print one');
    assert.equal(leases.held, 1, 'completions yield from the moment the question is sent');
    await sent;
    assert.equal(leases.taken, 1);
    assert.equal(leases.held, 0, 'released when the answer ends');
    assert.equal(shown().answer, 'Here:\n```js\nconsole.log(1)\n```\nDone.');
    const end = posted.find((m) => m.type === 'turnEnd');
    assert.ok(end && end.type === 'turnEnd');
    assert.equal(end.turn.status, 'done');
    assert.ok((end.turn.stats?.tokensPerSecond ?? 0) > 0);
    assert.ok(end.turn.stats?.evalCount);
    const req = await sim().waitFor((r) => r.path === '/api/chat');
    assert.equal(req.body.options?.['num_ctx'], 4096, 'num_ctx fixed per model');
    assert.equal(req.body.think, undefined, 'no think for a model without the capability');
  });

  test('R1 distill with a pre-filled <think>: reasoning goes to the thinking block, only the answer stays', async () => {
    sim().script({ match: { model: R1_PREFILL }, thinking: ['The', ' user', ' greets.'], response: 'Hello there.' });
    const { s, shown } = session({ model: R1_PREFILL });
    await s.send('hi');
    assert.deepEqual(shown(), { answer: 'Hello there.', reasoning: 'The user greets.' });
    assert.equal(s.conversation.turns[1]?.content, 'Hello there.');
  });

  test('Qwen3: the thinking field streams as reasoning; Think off sends think:false and gets none', async () => {
    sim().script({ match: { model: 'qwen3:8b' }, thinking: ['Adding', ' numbers.'], response: '2 + 2 = 4' });
    const a = session({ model: 'qwen3:8b' });
    await a.s.send('2+2?');
    assert.deepEqual(a.shown(), { answer: '2 + 2 = 4', reasoning: 'Adding numbers.' });
    const req = await sim().waitFor((r) => r.path === '/api/chat' && r.body.model === 'qwen3:8b');
    assert.equal(req.body.think, true);
    const b = session({ model: 'qwen3:8b' });
    b.s.setThink(false);
    await b.s.send('2+2?');
    assert.equal(b.shown().reasoning, '');
    assert.ok((await sim().waitFor((r) => r.path === '/api/chat' && r.body.think === false)));
  });

  test('reasoning is never sent back to the model in the history', async () => {
    sim().script({ match: { model: 'qwen3:8b' }, thinking: ['SECRET-REASONING'], response: 'ok' });
    const { s } = session({ model: 'qwen3:8b' });
    await s.send('first');
    await s.send('second');
    const second = await sim().waitFor((r) => r.path === '/api/chat' && (r.body.messages?.length ?? 0) === 3);
    assert.ok(!JSON.stringify(second.body.messages).includes('SECRET-REASONING'));
  });

  test('Stop aborts the request at once and keeps the partial answer, marked stopped; the lease is released', async () => {
    sim().script({ match: { path: '/api/chat' }, response: Array.from({ length: 400 }, (_, i) => `w${i} `), tokensPerSecond: 200 });
    const { s, posted, leases } = session();
    const sent = s.send('long');
    while (!posted.some((m) => m.type === 'delta')) await new Promise((r) => setTimeout(r, 5));
    await s.stop();
    await sent;
    const req = await sim().waitFor((r) => r.path === '/api/chat' && r.aborted);
    assert.ok(req.tokensGenerated < 400, 'the simulator stopped generating');
    const turn = s.conversation.turns[1];
    assert.equal(turn?.status, 'stopped');
    assert.ok(turn && turn.content.startsWith('w0 '));
    assert.equal(leases.held, 0);
  });

  test('an error in the middle of a stream keeps the partial answer and offers Retry; Regenerate answers again', async () => {
    sim().script({ match: { path: '/api/chat' }, response: ['one ', 'two ', 'three ', 'four'], fault: { kind: 'error-line', afterChunks: 2, message: 'model runner crashed' }, times: 1 });
    const { s } = session();
    await s.send('count');
    const turn = s.conversation.turns[1];
    assert.equal(turn?.status, 'error');
    assert.ok(turn?.content.startsWith('one'), turn?.content);
    assert.match(turn?.error?.message ?? '', /model runner crashed/);
    assert.ok(turn?.error?.actions.includes('retry'));
    sim().script({ match: { path: '/api/chat' }, response: 'fine now' });
    await s.regenerate();
    assert.equal(s.conversation.turns.length, 2);
    assert.equal(s.conversation.turns[1]?.content, 'fine now');
  });

  test('a missing model offers Pull; a completion-only model is refused before any request', async () => {
    const a = session({ model: 'dolphin-mixtral:8x7b' });
    await a.s.send('hi');
    assert.deepEqual(a.s.conversation.turns[1]?.error?.actions.slice(0, 1), ['pull']);
    const b = session({ model: 'qwen2.5-coder:1.5b-base' });
    await b.s.send('hi');
    assert.match(b.s.conversation.turns[1]?.error?.message ?? '', /completion-only/);
    const chats = await sim().waitFor((r) => r.path === '/api/chat' && r.body.model === 'qwen2.5-coder:1.5b-base', 100).catch(() => undefined);
    assert.equal(chats, undefined);
  });

  test('a cold model says "loading model" before its first token; once loaded, it does not', async () => {
    sim().configure({ loadMs: 150 });
    const { s, posted } = session({ model: 'dolphin-llama3:8b' });
    await s.send('first');
    await s.send('second');
    const phases = posted.filter((m) => m.type === 'phase').map((m) => (m.type === 'phase' ? m.phase : ''));
    assert.equal(phases[0], 'loading');
    assert.ok(phases.slice(1).includes('waiting'), JSON.stringify(phases));
    assert.equal(phases.filter((p) => p === 'loading').length, 1);
    sim().configure({ loadMs: 0 });
  });

  test('Nous-Hermes with a system prompt: the turn says the template has no place for it', async () => {
    const { s } = session({ model: 'nous-hermes:13b', defaultPreset: 'coder' });
    await s.send('hi');
    assert.match(s.conversation.turns[1]?.notice ?? '', /no place for a system prompt/);
  });

  test('Ollama down: the error says so and offers Start, Logs, then Retry once it is up', async () => {
    sim().setFault({ kind: 'refuse' });
    const { s } = session();
    await s.send('hi');
    sim().setFault(undefined);
    const error = s.conversation.turns[1]?.error;
    assert.match(error?.message ?? '', /not running/);
    assert.deepEqual(error?.actions, ['start', 'logs', 'retry']);
  });

  test('a history entry deleted meanwhile: acting on it says it is gone and sends the history as it is', async () => {
    sim().script({ match: { path: '/api/chat' }, response: 'answer' });
    const { s, posted } = session();
    await s.send('keep me');
    const kept = s.conversation.id;
    await s.newChat();
    await s.send('delete me');
    const deleted = s.conversation.id;
    assert.equal(s.findOrReportGone(kept)?.id, kept, 'an entry still there is found, silently');
    assert.equal(posted.filter((m) => m.type === 'notice').length, 0);
    await s.delete(deleted);
    assert.equal(s.findOrReportGone(deleted), undefined);
    const notice = posted.find((m) => m.type === 'notice');
    assert.ok(notice?.type === 'notice' && /no longer in the history/.test(notice.text), JSON.stringify(notice));
    const history = posted.filter((m) => m.type === 'history').at(-1);
    assert.ok(history?.type === 'history');
    assert.deepEqual(history.entries.map((e) => e.id), [kept], 'the stale entry leaves the list');
  });

  test('edit-and-resend replaces the last question and its answer; history survives a new session', async () => {
    sim().script({ match: { path: '/api/chat' }, response: 'answer' });
    const { s, dir } = session();
    await s.send('frist question');
    await s.editLast('first question');
    assert.deepEqual(s.conversation.turns.map((t) => t.content), ['first question', 'answer']);
    const again = new ChatSession({
      api: () => { throw new Error('unused'); }, modelInfo: () => Promise.reject(new Error('unused')), store: new ChatStore(dir), clock: systemClock, now: Date.now,
      post: () => undefined, beginForegroundStream: () => ({ dispose: () => undefined }), log: silentLogger,
      config: () => ({ model: '', contextLength: 4096, keepAlive: '5m', presets: DEFAULT_PRESETS, defaultPreset: 'none' }),
    });
    await again.load();
    assert.deepEqual(again.conversation.turns.map((t) => t.content), ['first question', 'answer']);
    assert.equal(again.conversation.title, 'first question', 'editing the only question retitles the chat');
  });
});

describe('chat stream idle limit (unbound.ollama.streamIdleTimeoutSeconds)', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 });
  const client = (idleMs: number) => createOllamaClient({ host: resolveHost(sim().url, undefined), logger: silentLogger, streamIdleTimeoutMs: idleMs });

  test('a stream that goes silent after it started ends as a timeout, keeping what arrived', async () => {
    // One token, then the next only after 5 s: far beyond the 100 ms idle limit.
    sim().script({ match: { path: '/api/chat' }, response: ['first ', 'second'], tokensPerSecond: 0.2 });
    const outcome = await streamAnswer({
      api: client(100), request: { model: 'dolphin3:8b', messages: [{ role: 'user', content: 'hi' }] }, signal: new AbortController().signal,
      onDelta: () => undefined, onPhase: () => undefined,
    });
    assert.equal(outcome.status, 'error');
    assert.equal(outcome.content, 'first ');
    if (outcome.status === 'error') assert.deepEqual(outcome.cause, { kind: 'timeout', ms: 100 });
    const req = await sim().waitFor((r) => r.path === '/api/chat' && r.aborted);
    assert.equal(req.tokensGenerated, 1, 'the request was closed, so the server stopped');
  });

  test('a limit changed while the window runs applies to the next answer, without a reload', async () => {
    // 250 ms between the two tokens: too long for 100 ms, well within 10 s.
    sim().script({ match: { path: '/api/chat' }, response: ['first ', 'second'], tokensPerSecond: 4 });
    const dir = mkdtempSync(join(tmpdir(), 'unbound-idle-'));
    // As OllamaConnectionService does: a changed setting builds a new client, which the chat asks for per answer.
    let current = client(100);
    const cache = new ModelInfoCache(current);
    const s = new ChatSession({
      api: () => current, modelInfo: (m, signal) => cache.show(m, signal), store: new ChatStore(dir), clock: systemClock, now: Date.now,
      post: () => undefined, beginForegroundStream: () => ({ dispose: () => undefined }), log: silentLogger,
      config: () => ({ model: 'dolphin3:8b', contextLength: 4096, keepAlive: '5m', presets: DEFAULT_PRESETS, defaultPreset: 'none' }),
    });
    try {
      await s.send('count');
      assert.equal(s.conversation.turns[1]?.status, 'error');
      assert.match(s.conversation.turns[1]?.error?.message ?? '', /within 0\.1 s/);
      current = client(10_000);
      await s.regenerate();
      assert.equal(s.conversation.turns[1]?.status, 'done', JSON.stringify(s.conversation.turns[1]?.error));
      assert.equal(s.conversation.turns[1]?.content, 'first second');
    } finally {
      s.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ChatSession on shutdown', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 100 });

  test('a window reload mid-answer keeps what had arrived, saved as stopped', async () => {
    sim().script({ match: { path: '/api/chat' }, response: Array.from({ length: 500 }, (_, i) => `t${i} `) });
    const dir = mkdtempSync(join(tmpdir(), 'unbound-shutdown-'));
    const api = createOllamaClient({ host: resolveHost(sim().url, undefined), logger: silentLogger });
    const cache = new ModelInfoCache(api);
    let deltas = 0;
    const config: ChatConfig = { model: 'dolphin3:8b', contextLength: 4096, keepAlive: '5m', presets: DEFAULT_PRESETS, defaultPreset: 'none' };
    const s = new ChatSession({
      api: () => api, modelInfo: (m, signal) => cache.show(m, signal), store: new ChatStore(dir), clock: systemClock, now: Date.now,
      post: (m) => { if (m.type === 'delta') deltas++; }, beginForegroundStream: () => ({ dispose: () => undefined }), config: () => config, log: silentLogger,
      saveEveryMs: 60_000,
    });
    const sent = s.send('stream a while');
    while (deltas < 5) await new Promise((r) => setTimeout(r, 5));
    s.dispose();
    // Read at once, as if the host were gone now: no async save may run after dispose().
    const saved = JSON.parse(readFileSync(join(dir, `${s.conversation.id}.json`), 'utf8')) as { turns: { status: string; content: string }[] };
    await sent;
    rmSync(dir, { recursive: true, force: true });
    assert.equal(saved.turns[1]?.status, 'stopped');
    assert.ok((saved.turns[1]?.content.length ?? 0) >= 't0 t1 t2 t3 t4 '.length, saved.turns[1]?.content);
  });
});
