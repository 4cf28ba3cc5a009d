import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GenerationSpec } from '../../../src/core/completion/generation';
import { cursorContext, shapeAnswer } from '../../../src/core/completion/postprocess';
import type { MultilineMode } from '../../../src/core/settings';
import { Scheduler, UNWANTED_GRACE_MS } from '../../../src/core/completion/scheduler';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { apiFor, FakeClock, generates, until } from './engine-harness';

describe('Scheduler', () => {
  let sim: OllamaSimulator;
  let api: OllamaApi;

  before(async () => {
    sim = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 50 });
    api = apiFor(sim.url);
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(() => {
    sim.reset();
    sim.configure({ ttftMs: 5, tokensPerSecond: 50 });
  });

  /** A generation for a cursor at the end of `prompt` (Python), shaped by the engine's rule. */
  function spec(prompt: string, multiline: MultilineMode = 'always'): GenerationSpec {
    const cursor = cursorContext({ prefix: prompt, suffix: '\n', languageId: 'python', multiline });
    return {
      api,
      request: { model: 'qwen2.5-coder:1.5b-base', prompt, suffix: '\n', think: false, options: { num_ctx: 4096, num_predict: 128 } },
      shape: (received) => shapeAnswer(received, cursor, { final: false, stops: ['<|endoftext|>'] }),
    };
  }

  const long = Array.from({ length: 200 }, () => ' x');

  it('runs at most one generation per model: starting another aborts the first', async () => {
    sim.script({ response: long });
    const scheduler = new Scheduler<null>(new FakeClock());
    const first = scheduler.start(spec('a = '), null);
    await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
    const second = scheduler.start(spec('b = '), null);
    assert.deepEqual(await first.generation.finished, { kind: 'aborted', reason: 'superseded' });
    await until(() => generates(sim)[0].aborted, 5000, 'the first request to be aborted');
    assert.equal(scheduler.inFlight('qwen2.5-coder:1.5b-base')?.generation, second.generation);
    scheduler.dispose();
    assert.deepEqual(await second.generation.finished, { kind: 'aborted', reason: 'disposed' });
  });

  it('keeps a generation for the grace period after its last subscriber left, then aborts it', async () => {
    sim.script({ response: long });
    const clock = new FakeClock();
    const scheduler = new Scheduler<null>(clock);
    const sub = scheduler.start(spec('a = '), null);
    await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
    sub.dispose();
    clock.advance(UNWANTED_GRACE_MS - 1);
    assert.equal(sub.generation.running, true);
    // A new subscriber within the grace period keeps it.
    const again = scheduler.subscribe(sub.generation);
    clock.advance(UNWANTED_GRACE_MS * 2);
    assert.equal(sub.generation.running, true);
    again.dispose();
    clock.advance(UNWANTED_GRACE_MS);
    assert.deepEqual(await sub.generation.finished, { kind: 'aborted', reason: 'unwanted' });
    await until(() => generates(sim)[0].aborted, 5000, 'the request to be aborted');
    scheduler.dispose();
  });

  it('stops a one-line generation at the first newline and closes the stream', async () => {
    sim.script({ response: ['foo', '(1)', '\n', ...long] });
    const scheduler = new Scheduler<null>(new FakeClock());
    const sub = scheduler.start(spec('x = ', 'never'), null);
    assert.deepEqual(await sub.generation.finished, { kind: 'done', text: 'foo(1)', stop: 'scope' });
    await until(() => generates(sim)[0].aborted, 5000, 'the stream to be closed');
    scheduler.dispose();
  });

  it('cuts at a stop token that leaks into the text', async () => {
    sim.script({ response: ['foo', '<|endoftext|>', 'junk'] });
    const scheduler = new Scheduler<null>(new FakeClock());
    // The request sends no stop option here, so only the client-side cut can catch it.
    const sub = scheduler.start(spec('x = '), null);
    assert.deepEqual(await sub.generation.finished, { kind: 'done', text: 'foo', stop: 'stop-token' });
    scheduler.dispose();
  });

  it('reports an error line mid-stream as the generation\'s end, not a throw', async () => {
    sim.script({ response: long, fault: { kind: 'error-line', afterChunks: 2, message: 'boom' } });
    const scheduler = new Scheduler<null>(new FakeClock());
    const sub = scheduler.start(spec('x = '), null);
    const end = await sub.generation.finished;
    assert.equal(end.kind, 'error');
    scheduler.dispose();
  });
});

