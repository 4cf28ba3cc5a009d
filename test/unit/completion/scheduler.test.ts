import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { GenerationSpec } from '../../../src/core/completion/generation';
import { endOfBlock, endOfFirstLine } from '../../../src/core/completion/generation';
import { blockIndentAt, lineModeAt } from '../../../src/core/completion/line-mode';
import { Scheduler, UNWANTED_GRACE_MS } from '../../../src/core/completion/scheduler';
import type { OllamaApi } from '../../../src/core/ollama/types';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { apiFor, FakeClock, generates, snapshot, until } from './engine-harness';

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

  function spec(prompt: string, overrides: Partial<GenerationSpec> = {}): GenerationSpec {
    return {
      api,
      request: { model: 'qwen2.5-coder:1.5b-base', prompt, suffix: '\n', think: false, options: { num_ctx: 4096, num_predict: 128 } },
      lineMode: 'multi',
      nextLine: false,
      minIndent: 0,
      stop: ['<|endoftext|>'],
      ...overrides,
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
    await until(() => generates(sim)[0].aborted, 1000, 'the first request to be aborted');
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
    await until(() => generates(sim)[0].aborted, 1000, 'the request to be aborted');
    scheduler.dispose();
  });

  it('stops a one-line generation at the first newline and closes the stream', async () => {
    sim.script({ response: ['foo', '(1)', '\n', ...long] });
    const scheduler = new Scheduler<null>(new FakeClock());
    const sub = scheduler.start(spec('x = ', { lineMode: 'single' }), null);
    assert.deepEqual(await sub.generation.finished, { kind: 'done', text: 'foo(1)', stop: 'first-line' });
    await until(() => generates(sim)[0].aborted, 1000, 'the stream to be closed');
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

describe('endOfFirstLine', () => {
  it('ends at the first newline', () => {
    assert.equal(endOfFirstLine('foo(1)\nbar', false), 6);
    assert.equal(endOfFirstLine('foo(1)', false), undefined);
  });

  it('takes the next line when the cursor ends a line and the model starts a new one', () => {
    const text = '\n  return x;\n}';
    assert.equal(text.slice(0, endOfFirstLine(text, true)), '\n  return x;');
    assert.equal(endOfFirstLine('\n  ret', true), undefined, 'the next line is still coming');
    assert.equal(endOfFirstLine('\n', false), 0, 'not at a line end: nothing to show');
    assert.equal(endOfFirstLine('\n\n\n\n', true), 0, 'blank lines are not a completion');
  });
});

describe('endOfBlock', () => {
  it('ends a block body at the first line back at the opener\'s level, keeping a closing bracket', () => {
    const text = '\n    return 1\n}\nfunction next() {\n';
    assert.equal(text.slice(0, endOfBlock(text, 1)), '\n    return 1\n}');
  });

  it('drops the next statement after a Python body', () => {
    const text = '\n    x = 1\n    return x\ndef other():\n';
    assert.equal(text.slice(0, endOfBlock(text, 1)), '\n    x = 1\n    return x');
  });

  it('waits while the block may still grow', () => {
    assert.equal(endOfBlock('\n    x = 1\n    y', 1), undefined);
  });
});

describe('lineModeAt (how far a generation runs)', () => {
  const at = (marked: string, setting: 'auto' | 'always' | 'never' = 'auto'): string => {
    const offset = marked.indexOf('|');
    return lineModeAt(snapshot(marked.replace('|', '')), offset, setting);
  };

  it('completes one line when the cursor is inside or at the end of a statement', () => {
    assert.equal(at('x = foo(|)\n'), 'single');
    assert.equal(at('    return |\n'), 'single');
    assert.equal(at('print(|\n'), 'single');
    assert.equal(at('name|Other\n'), 'single');
  });

  it('completes a block on an empty line or after a block opener', () => {
    assert.equal(at('def f():\n    |\n'), 'multi');
    assert.equal(at('def f():|\n'), 'multi');
    assert.equal(at('if (x) {|}\n'), 'multi');
    assert.equal(at('const f = () =>|\n'), 'multi');
  });

  it('follows the setting when it is not auto', () => {
    assert.equal(at('def f():|\n', 'never'), 'single');
    assert.equal(at('x = |\n', 'always'), 'multi');
  });

  it('ends a block at the opener\'s level, or below the cursor\'s level on an empty line', () => {
    assert.equal(blockIndentAt(snapshot('    def f():'), 12), 5);
    assert.equal(blockIndentAt(snapshot('def f():\n    '), 13), 4);
  });
});
