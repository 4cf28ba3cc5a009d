/**
 * Streaming ghost text: the first whole words of a completion are served while the
 * model still writes it, the rest follows from the same generation when the editor
 * asks again. The simulator holds its stream after the first tokens
 * (`holdAfterTokens`), so "written so far" is an event, not a race against a clock.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CompletionOutcome, Refresh } from '../../../src/core/completion/api';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { showablePartial } from '../../../src/core/completion/partial';
import { cursorContext } from '../../../src/core/completion/postprocess/cursor';
import { systemClock, type Clock } from '../../../src/core/clock';
import { UNWANTED_GRACE_MS } from '../../../src/core/completion/scheduler';
import { silentLogger } from '../../../src/core/log';
import type { CompletionSettings } from '../../../src/core/settings';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { apiFor, drive, FakeClock, generates, requestAt, settings, signal, until } from './engine-harness';

const LOOP = 'def collect(items):\n    result = []\n    for item in items:\n        |\n    return result\n';
/** The model's answer in LOOP, held after `result.app`: `result.` is whole, `app…` still being written. */
const RESULT_APPEND_HELD = { response: ['result', '.app', 'end(item', ')', '\n'], holdAfterTokens: 2 } as const;
/** LOOP after the user typed `result.` at the cursor. */
const LOOP_TYPED = LOOP.replace('|', 'result.|');

/** A refresh without the generation id it carries (a counter). */
function withoutId(refresh: Refresh | undefined): Omit<Refresh, 'generation'> | undefined {
  if (!refresh) return undefined;
  const { generation: _generation, ...rest } = refresh;
  return rest;
}

function shown(outcome: CompletionOutcome): Extract<CompletionOutcome, { kind: 'shown' }> {
  assert.equal(outcome.kind, 'shown', `expected a completion, got ${JSON.stringify(outcome)}`);
  return outcome as Extract<CompletionOutcome, { kind: 'shown' }>;
}

describe('streaming completions', () => {
  let sim: OllamaSimulator;
  const engines: CompletionEngine[] = [];

  before(async () => {
    sim = await OllamaSimulator.start({ ttftMs: 1, tokensPerSecond: 1000 });
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(() => {
    for (const e of engines.splice(0)) e.dispose();
    sim.reset();
  });

  function engine(overrides: Partial<CompletionSettings> = {}, clock: Clock = systemClock): CompletionEngine {
    const e = new CompletionEngine({ api: apiFor(sim.url), clock, logger: silentLogger }, settings(overrides));
    engines.push(e);
    return e;
  }

  it('shows the first whole words while the model writes, then the rest from the same generation', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();

    const first = shown(await e.complete(requestAt(LOOP, { partial: true }), signal()));
    assert.equal(first.text, 'result.', 'the word still being written (`app…`) is not shown');
    assert.ok(first.refresh, 'the editor is told there is more to come');
    assert.equal(sim.heldCount, 1, 'served while the model was still writing');

    sim.releaseHeld();
    assert.deepEqual(withoutId(await first.refresh), { change: 'updated', text: 'result.append(item)', replaceSuffixChars: 0 }, 'the rest, sent without being asked');
    const whole = shown(await e.complete(requestAt(LOOP, { partial: true, trigger: 'manual' }), signal()));
    assert.equal(whole.text, 'result.append(item)');
    assert.equal(whole.refresh, undefined, 'finished: nothing more to come');
    assert.equal(generates(sim).length, 1, 'asking again is served by the generation already made');
    const log = e.requestLog();
    assert.equal(log.at(-1)?.partial, true, 'the log says the first answer was streamed');
    assert.equal(log.at(-1)?.final, 'result.append(item)', 'and what the completion ended as');
  });

  it('keeps following the generation when the user types the words shown', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();
    const first = shown(await e.complete(requestAt(LOOP, { partial: true }), signal()));
    assert.equal(first.text, 'result.');

    const next = e.complete(requestAt(LOOP_TYPED, { partial: true, version: 2 }), signal());
    sim.releaseHeld();
    // Served as it streams, perhaps first its start, then the whole rest.
    const outcome = shown(await next);
    const steps = [outcome.text];
    const refreshed = await outcome.refresh;
    if (refreshed?.change === 'updated') steps.push(refreshed.text);
    assert.equal(steps.at(-1), 'append(item)');
    for (const step of steps) assert.ok('append(item)'.startsWith(step), `${JSON.stringify(step)} starts the completion`);
    assert.equal(generates(sim).length, 1);
  });

  it('gives an editor that cannot be told to ask again only finished completions', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();
    let settled = false;
    const outcome = e.complete(requestAt(LOOP), signal()).finally(() => (settled = true));
    await until(() => sim.heldCount === 1, 5000, 'the model to write its first words');
    assert.equal(settled, false, 'nothing is served while the model writes');
    sim.releaseHeld();
    const whole = shown(await outcome);
    assert.equal(whole.text, 'result.append(item)');
    assert.equal(whole.refresh, undefined);
  });

  it('shows only finished completions when unbound.completion.streaming is off', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine({ streaming: false });
    let settled = false;
    const outcome = e.complete(requestAt(LOOP, { partial: true }), signal()).finally(() => (settled = true));
    await until(() => sim.heldCount === 1, 5000, 'the model to write its first words');
    assert.equal(settled, false);
    sim.releaseHeld();
    assert.equal(shown(await outcome).text, 'result.append(item)');
  });

  it('takes the first words back when the finished completion is dropped, without a new generation', async () => {
    // One line repeating itself until the token budget runs out: post-processing drops it.
    sim.script({ response: ['total', ...Array<string>(11).fill(' = total')], holdAfterTokens: 2 });
    const e = engine({ maxTokens: 12 });
    const first = shown(await e.complete(requestAt(LOOP, { partial: true }), signal()));
    assert.equal(first.text, 'total =');
    sim.releaseHeld();
    assert.deepEqual(withoutId(await first.refresh), { change: 'withdrawn' }, 'the editor must take the words back');
    const entry = e.requestLog().at(-1);
    assert.equal(entry?.outcome, 'skipped');
    assert.match(entry?.reason ?? '', /taken back/);
    const again = await e.complete(requestAt(LOOP, { partial: true, trigger: 'manual' }), signal());
    assert.equal(again.kind, 'skipped', `the dropped completion shows nothing, got ${JSON.stringify(again)}`);
    assert.equal(generates(sim).length, 1);
  });

  it('shows no first words that may become the next line of the file (the finished line would be dropped as a repeat)', async () => {
    const marked = 'def total(xs):\n    |\n    return sum(xs)\n';
    sim.script({ response: ['return ', 'sum', '(xs)', '\n'], holdAfterTokens: 1 });
    const e = engine();
    let settled = false;
    const outcome = e.complete(requestAt(marked, { partial: true }), signal()).finally(() => (settled = true));
    await until(() => sim.heldCount === 1, 5000, 'the model to write its first words');
    assert.equal(settled, false, '`return` could be the start of `return sum(xs)`, the next line');
    sim.releaseHeld();
    assert.equal((await outcome).kind, 'skipped');
  });

  it('takes the first words back when chat takes the GPU', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();
    const first = shown(await e.complete(requestAt(LOOP, { partial: true }), signal()));
    e.setForegroundStreams(1);
    assert.deepEqual(withoutId(await first.refresh), { change: 'withdrawn' });
  });

  it('stops the generation of words on screen once the cursor leaves them, and not before', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();
    const request = requestAt(LOOP, { partial: true });
    const first = shown(await e.complete(request, signal()));
    e.cursorMoved({ uri: request.uri, version: request.version, offset: request.offset });
    e.cursorMoved({ uri: request.uri, version: request.version, offset: 0 });
    // Released: nobody picks it up within the grace period, so Ollama is told to stop.
    assert.deepEqual(withoutId(await first.refresh), { change: 'withdrawn' });
    await until(() => generates(sim)[0]?.aborted === true, 5000, 'the generation to be closed at the simulator');
    assert.equal(generates(sim)[0]?.tokensGenerated, 2, 'nothing generated past the first words');
  });

  it('keeps the generation when the user accepts the words shown (Tab), so the rest is there at the next key', async () => {
    sim.script(RESULT_APPEND_HELD);
    const clock = new FakeClock();
    const e = engine({}, clock);
    const first = shown(await drive(clock, e.complete(requestAt(LOOP, { partial: true }), signal())));
    assert.equal(first.text, 'result.');
    const accepted = requestAt(LOOP_TYPED, { version: 2 });
    e.documentChanged(accepted.uri, accepted.document);
    e.cursorMoved({ uri: accepted.uri, version: 2, offset: accepted.offset }, () => accepted.document);
    // VS Code asks nothing until the next key: longer than the grace a released generation gets.
    clock.advance(UNWANTED_GRACE_MS + 1);
    sim.releaseHeld();
    await drive(clock, first.refresh!);
    assert.equal(generates(sim)[0]?.aborted, false, 'the generation ran to its end');
    const next = shown(await drive(clock, e.complete(requestAt(LOOP_TYPED.replace('|', 'a|'), { version: 3 }), signal())));
    assert.equal(next.text, 'ppend(item)', 'the next key is answered from the finished completion');
    assert.equal(generates(sim).length, 1);
  });

  it('keeps the generation while the cursor stays where the words are shown', async () => {
    sim.script(RESULT_APPEND_HELD);
    const e = engine();
    const request = requestAt(LOOP, { partial: true });
    const first = shown(await e.complete(request, signal()));
    e.cursorMoved({ uri: request.uri, version: request.version, offset: request.offset });
    sim.releaseHeld();
    assert.deepEqual(withoutId(await first.refresh), { change: 'updated', text: 'result.append(item)', replaceSuffixChars: 0 });
  });

  it('withdraws the first words when a request elsewhere supersedes them (an editor that moved on ignores it)', async () => {
    sim.script(RESULT_APPEND_HELD);
    sim.script({ match: { promptIncludes: 'import os' }, response: ['x\n'] });
    const e = engine();
    const first = shown(await e.complete(requestAt(LOOP, { partial: true }), signal()));
    // Another file: the generation for LOOP is superseded.
    shown(await e.complete(requestAt('import os\nx = |\n', { uri: 'file:///work/other.py' }), signal()));
    assert.deepEqual(withoutId(await first.refresh), { change: 'withdrawn' });
    assert.equal(generates(sim)[0]?.aborted, true);
  });
});

describe('what of a completion still being written is shown', () => {
  const at = (prefix: string, suffix = '\n') => cursorContext({ prefix, suffix, languageId: 'python', multiline: 'auto' });

  it('whole words only', () => {
    assert.equal(showablePartial('self.it', at('x = ')), 'self.');
    assert.equal(showablePartial('len(', at('n = ')), 'len(');
    assert.equal(showablePartial('value', at('x = ')), '', 'a word that may go on is not shown');
  });

  it('nothing shorter than three visible characters', () => {
    assert.equal(showablePartial('(', at('f')), '');
    assert.equal(showablePartial('a, b', at('f(')), '', 'the `b` may go on: only `a,` is whole');
  });

  it('no trailing whitespace, and no line holding only its indentation', () => {
    assert.equal(showablePartial('return None\n    ', at('    ')), 'return None');
    assert.equal(showablePartial('total = 0 ', at('    ')), 'total = 0');
  });

  it('no last word that may be the start of a leaked special token', () => {
    assert.equal(showablePartial('value + <|fim', at('x = ')), 'value +');
    assert.equal(showablePartial('count </', at('x = ')), 'count');
  });

  it('the first line only: later lines may still be cut as repeats, loops or a closing fence', () => {
    assert.equal(showablePartial('for x in xs:\n    total += x\n    ', at('    ')), 'for x in xs:');
    assert.equal(showablePartial('print(x)\n```', at('    ')), 'print(x)');
  });

  it('nothing while the line so far may become the next line of the file', () => {
    assert.equal(showablePartial('return sum(', at('    ', '\n    return sum(xs)\n')), '');
    assert.equal(showablePartial('});\n', at('  ', '\n  })\n')), '', 'trailing `;` and `,` make no difference');
    assert.equal(showablePartial('total = sum(', at('    ', '\n    return sum(xs)\n')), 'total = sum(');
  });

  it('no closer the code after the cursor closes itself', () => {
    // Inside `foo(` with the `)` on the next line: the completion's own `)` would be one too many.
    assert.equal(showablePartial('alpha, beta)', at('foo(\n    ', '\n)\n')), 'alpha, beta');
    assert.equal(showablePartial('alpha, f(beta)', at('foo(\n    ', '\n)\n')), 'alpha, f(beta)', 'a closer of its own is fine');
  });

  it('nothing of a line that repeats itself', () => {
    assert.equal(showablePartial('x = x = x = x = x = x = x = x = x = x = ', at('    ')), '');
  });

  it('nothing while code follows the cursor on its line: its end is fitted to that code once finished', () => {
    assert.equal(showablePartial('items, key=', at('sorted(', ')\n')), '');
  });
});
