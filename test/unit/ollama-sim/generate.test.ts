// /api/generate and /api/chat against docs/reference/ollama-api.md sections 6 and 7.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { call, post, stream } from './http';
import { useSimulator } from './use-simulator';

const FIM = 'qwen2.5-coder:1.5b-base';
const CHAT = 'dolphin3:8b';
const THINKER = 'deepseek-r1:7b';

describe('ollama-sim: /api/generate', () => {
  const sim = useSimulator({ ttftMs: 5, tokensPerSecond: 1000 });

  it('streams NDJSON chunks, one per scripted token, then a final chunk with metrics in ns', async () => {
    sim().script({ response: ['def', ' add', '(a, b):'] });
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'x = ', suffix: '\n', options: { num_predict: 50 } });
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'application/x-ndjson');
    const values = r.lines.map((l) => l.value);
    assert.deepEqual(values.slice(0, 3).map((v) => [v['response'], v['done']]), [['def', false], [' add', false], ['(a, b):', false]]);
    for (const v of values) {
      assert.equal(v['model'], FIM);
      assert.ok(!Number.isNaN(Date.parse(String(v['created_at']))));
    }
    const final = values[3] ?? {};
    assert.equal(values.length, 4);
    assert.equal(final['done'], true);
    assert.equal(final['done_reason'], 'stop');
    assert.equal(final['response'], '');
    assert.equal(final['eval_count'], 3);
    assert.ok(Number(final['prompt_eval_count']) >= 1);
    assert.ok(Array.isArray(final['context']));
    for (const k of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration']) assert.ok(Number.isInteger(final[k]) && Number(final[k]) > 0, k);
    // Durations are nanoseconds: the stream took milliseconds, so well above 1e6.
    assert.ok(Number(final['total_duration']) > 1e6);
  });

  it('splits a scripted string into word-ish tokens; stream:false concatenates into one JSON', async () => {
    sim().script({ response: 'return a + b' });
    const r = await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'add', stream: false });
    assert.equal(r.status, 200);
    assert.match(String(r.contentType), /^application\/json/);
    const body = r.json as Record<string, unknown>;
    assert.equal(body['response'], 'return a + b');
    assert.equal(body['done'], true);
    assert.equal(body['eval_count'], 4);
  });

  it('replies a deterministic default text when nothing is scripted', async () => {
    const a = (await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'hi', stream: false })).json as Record<string, unknown>;
    const b = (await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'ho', stream: false })).json as Record<string, unknown>;
    assert.equal(a['response'], 'Hello from the Ollama simulator.');
    assert.equal(b['response'], a['response']);
  });

  it('picks the newest matching script, honours match and times', async () => {
    sim().script({ response: 'generic' });
    sim().script({ match: { model: CHAT, promptIncludes: 'pirate' }, response: 'arr', times: 1 });
    sim().script({ match: { model: FIM }, response: 'fim only' });
    const one = async (model: string, prompt: string) => ((await post(`${sim().url}/api/generate`, { model, prompt, stream: false })).json as Record<string, unknown>)['response'];
    assert.equal(await one(CHAT, 'a pirate says'), 'arr');
    assert.equal(await one(CHAT, 'a pirate says'), 'generic', 'times: 1 is used up');
    assert.equal(await one(FIM, 'anything'), 'fim only');
  });

  it('an empty prompt only loads the model: {done:true, done_reason:"load"}, even with a suffix', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: '', suffix: 'x' });
    assert.equal(r.status, 200);
    const body = r.json as Record<string, unknown>;
    assert.equal(body['done'], true);
    assert.equal(body['done_reason'], 'load');
    assert.equal(body['response'], '');
    assert.deepEqual(sim().loaded.map((l) => l.name), [FIM]);
    const unload = (await post(`${sim().url}/api/generate`, { model: FIM, keep_alive: 0 })).json as Record<string, unknown>;
    assert.equal(unload['done_reason'], 'unload');
    assert.deepEqual(sim().loaded, []);
  });

  it('suffix on a model without insert: 400 "<full name> does not support insert"', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'a', suffix: 'b' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'registry.ollama.ai/library/dolphin3:8b does not support insert' });
  });

  it('raw with system, template or context: 400', async () => {
    for (const extra of [{ system: 's' }, { template: 't' }, { context: [1, 2] }]) {
      const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'a', raw: true, ...extra });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json, { error: 'raw mode does not support template, system, or context' });
    }
    const ok = (await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'a', raw: true, stream: false })).json as Record<string, unknown>;
    assert.equal('context' in ok, false, 'raw mode returns no context');
  });

  it('unknown model: 404 "model \'x\' not found"', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: 'ghost:7b', prompt: 'a' });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, { error: "model 'ghost:7b' not found" });
  });

  it('think:true on a model without thinking: 400 "\\"x\\" does not support thinking"; think:false is fine', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'a', think: true });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: '"dolphin3:8b" does not support thinking' });
    assert.equal((await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'a', think: false, stream: false })).status, 200);
  });

  it('a thinking model streams `thinking` first when think is omitted or true, none with think:false', async () => {
    sim().script({ thinking: ['Hmm', ' ok'], response: ['Answer'] });
    for (const think of [undefined, true]) {
      const r = await stream(`${sim().url}/api/generate`, { model: THINKER, prompt: 'q', ...(think === undefined ? {} : { think }) });
      const parts = r.lines.filter((l) => l.value['done'] === false).map((l) => [l.value['thinking'] ?? null, l.value['response']]);
      assert.deepEqual(parts, [['Hmm', ''], [' ok', ''], [null, 'Answer']], `think=${String(think)}`);
    }
    const off = (await post(`${sim().url}/api/generate`, { model: THINKER, prompt: 'q', think: false, stream: false })).json as Record<string, unknown>;
    assert.equal(off['response'], 'Answer');
    assert.equal('thinking' in off, false);
    const joined = (await post(`${sim().url}/api/generate`, { model: THINKER, prompt: 'q', stream: false })).json as Record<string, unknown>;
    assert.equal(joined['thinking'], 'Hmm ok');
  });

  it('before v0.12.4 an omitted think leaves <think> inline in the response', async () => {
    sim().configure({ version: '0.9.0' });
    sim().script({ thinking: ['hmm'], response: ['Answer'] });
    const body = (await post(`${sim().url}/api/generate`, { model: THINKER, prompt: 'q', stream: false })).json as Record<string, unknown>;
    assert.equal(body['response'], '<think>\nhmm\n</think>\n\nAnswer');
    assert.equal('thinking' in body, false);
  });

  it('stop sequences end the reply and are not included, even across token boundaries', async () => {
    sim().script({ response: ['a', 'b', '<|fim', '_pad|>', 'zzz'] });
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', options: { stop: ['<|fim_pad|>'] } });
    const text = r.lines.map((l) => l.value['response']).join('');
    assert.equal(text, 'ab');
    assert.equal(r.lines.at(-1)?.value['done_reason'], 'stop');
    sim().script({ response: ['x', '\n\n', 'y'] });
    const split = (await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false, options: { stop: ['\n'] } })).json as Record<string, unknown>;
    assert.equal(split['response'], 'x');
  });

  it('a model\'s own stop parameters apply when the request has none', async () => {
    sim().script({ response: ['Hi', '<|im_end|>', 'more'] });
    const body = (await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'p', stream: false })).json as Record<string, unknown>;
    assert.equal(body['response'], 'Hi');
  });

  it('num_predict caps the tokens: done_reason "length"', async () => {
    sim().script({ response: ['1', '2', '3', '4', '5'] });
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', options: { num_predict: 2 } });
    assert.deepEqual(r.lines.filter((l) => !l.value['done']).map((l) => l.value['response']), ['1', '2']);
    assert.equal(r.lines.at(-1)?.value['done_reason'], 'length');
    assert.equal(r.lines.at(-1)?.value['eval_count'], 2);
    assert.equal(sim().requests.at(-1)?.tokensGenerated, 2);
  });

  it('option type errors fail with 500; a stop string is not an array', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', options: { stop: '\n' } });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { error: 'option "stop" must be of type array' });
    const n = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', options: { num_predict: 'many' } });
    assert.deepEqual(n.json, { error: 'option "num_predict" must be of type integer' });
  });

  it('keep_alive: a numeric string is rejected like Go\'s duration parser does', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', keep_alive: '3600' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'time: missing unit in duration "3600"' });
  });

  it('paces tokens: first after ttftMs, then 1000/tokensPerSecond apart', async () => {
    sim().script({ response: ['a', 'b', 'c', 'd', 'e'], ttftMs: 120, tokensPerSecond: 20 });
    const started = performance.now();
    const r = await stream(`${sim().url}/api/generate`, { model: FIM, prompt: 'p' });
    const times = r.lines.filter((l) => !l.value['done']).map((l) => l.at - started);
    assert.equal(times.length, 5);
    assert.ok((times[0] ?? 0) >= 110, `first token at ${times[0]} ms`);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    assert.ok(mean >= 40 && mean < 120, `mean gap ${mean} ms, expected ~50`);
  });
});

describe('ollama-sim: /api/ps and model loading', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 });

  const ps = async () => ((await call(`${sim().url}/api/ps`, 'GET')).json as { models: Record<string, unknown>[] }).models;

  it('a generate loads the model: /api/ps shows it with expires_at from keep_alive, size_vram and context_length', async () => {
    assert.deepEqual(await ps(), []);
    const before = Date.now();
    await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', keep_alive: '10m', options: { num_ctx: 8192 }, stream: false });
    const [m, ...rest] = await ps();
    assert.equal(rest.length, 0);
    assert.equal(m?.['name'], FIM);
    assert.equal(m?.['model'], FIM);
    assert.equal(m?.['size'], 986_061_892);
    assert.equal(m?.['size_vram'], 986_061_892);
    assert.equal(m?.['context_length'], 8192);
    const expires = Date.parse(String(m?.['expires_at']));
    assert.ok(expires >= before + 10 * 60_000 - 1000 && expires <= Date.now() + 10 * 60_000 + 1000, String(m?.['expires_at']));
  });

  it('counts a reload when a request asks for a different num_ctx', async () => {
    const gen = (numCtx?: number) => post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false, ...(numCtx ? { options: { num_ctx: numCtx } } : {}) });
    await gen(4096);
    await gen(4096);
    await gen(); // the default (4096) is the same context
    assert.equal(sim().reloads, 0);
    await gen(8192);
    assert.equal(sim().reloads, 1);
    assert.equal((await ps())[0]?.['context_length'], 8192);
    await gen(8192);
    assert.equal(sim().reloads, 1);
  });

  it('keep_alive 0 unloads after the request; negative keeps it forever; ps sorts by remaining keep-alive', async () => {
    await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', keep_alive: 0, stream: false });
    assert.deepEqual(await ps(), []);
    await post(`${sim().url}/api/generate`, { model: CHAT, prompt: 'p', keep_alive: '1m', stream: false });
    await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', keep_alive: -1, stream: false });
    const models = await ps();
    assert.deepEqual(models.map((m) => m['name']), [FIM, CHAT]);
    assert.ok(Date.parse(String(models[0]?.['expires_at'])) > Date.now() + 100 * 365 * 86_400_000);
  });

  it('loadMs: the first request waits for the load and reports it in load_duration; a reload costs it again', async () => {
    sim().configure({ loadMs: 200 });
    const timed = async (options?: Record<string, unknown>) => {
      const started = performance.now();
      const body = (await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false, ...(options ? { options } : {}) })).json as Record<string, number>;
      return { ms: performance.now() - started, load: body['load_duration'] ?? 0 };
    };
    const cold = await timed();
    assert.ok(cold.ms >= 190 && cold.load >= 190e6, `cold ${cold.ms} ms, load_duration ${cold.load}`);
    const warm = await timed();
    assert.ok(warm.load < 50e6, `warm load_duration ${warm.load}`);
    const reload = await timed({ num_ctx: 2048 });
    assert.ok(reload.ms >= 190, `reload ${reload.ms} ms`);
    assert.equal(sim().reloads, 1);
  });

  it('omits context_length before v0.10.0', async () => {
    sim().configure({ version: '0.9.6' });
    await post(`${sim().url}/api/generate`, { model: FIM, prompt: 'p', stream: false });
    assert.equal('context_length' in ((await ps())[0] ?? {}), false);
  });
});

describe('ollama-sim: /api/chat', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 1000 });

  it('streams message.content chunks and a final chunk without context', async () => {
    sim().script({ match: { path: '/api/chat', promptIncludes: 'sea' }, response: ['Ahoy', ' matey'] });
    const r = await stream(`${sim().url}/api/chat`, { model: CHAT, messages: [{ role: 'system', content: 'pirate' }, { role: 'user', content: 'the sea?' }] });
    const values = r.lines.map((l) => l.value);
    assert.deepEqual(values.slice(0, 2).map((v) => v['message']), [{ role: 'assistant', content: 'Ahoy' }, { role: 'assistant', content: ' matey' }]);
    const final = values.at(-1) ?? {};
    assert.equal(final['done'], true);
    assert.equal(final['done_reason'], 'stop');
    assert.deepEqual(final['message'], { role: 'assistant', content: '' });
    assert.equal('context' in final, false);
    assert.equal(final['eval_count'], 2);
  });

  it('streams message.thinking before content for a thinking model', async () => {
    sim().script({ thinking: ['Let me see.'], response: ['42'] });
    const r = await stream(`${sim().url}/api/chat`, { model: THINKER, messages: [{ role: 'user', content: 'q' }] });
    assert.deepEqual(r.lines.filter((l) => !l.value['done']).map((l) => l.value['message']), [
      { role: 'assistant', content: '', thinking: 'Let me see.' },
      { role: 'assistant', content: '42' },
    ]);
  });

  it('stream:false concatenates content and thinking', async () => {
    sim().script({ thinking: ['a', 'b'], response: ['c', 'd'] });
    const body = (await post(`${sim().url}/api/chat`, { model: THINKER, messages: [{ role: 'user', content: 'q' }], stream: false })).json as Record<string, unknown>;
    assert.deepEqual(body['message'], { role: 'assistant', content: 'cd', thinking: 'ab' });
  });

  it('no messages only loads the model', async () => {
    const body = (await post(`${sim().url}/api/chat`, { model: CHAT, messages: [] })).json as Record<string, unknown>;
    assert.equal(body['done_reason'], 'load');
  });

  it('tools on a model without the capability: 400 "... does not support tools"', async () => {
    const r = await post(`${sim().url}/api/chat`, { model: CHAT, messages: [{ role: 'user', content: 'q' }], tools: [{ type: 'function', function: { name: 'f' } }] });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'registry.ollama.ai/library/dolphin3:8b does not support tools' });
  });

  it('think:true on a non-thinking model: 400', async () => {
    const r = await post(`${sim().url}/api/chat`, { model: CHAT, messages: [{ role: 'user', content: 'q' }], think: true });
    assert.deepEqual(r.json, { error: '"dolphin3:8b" does not support thinking' });
  });
});
