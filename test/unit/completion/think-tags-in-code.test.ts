/**
 * Reasoning never reaches the buffer, but a file that itself handles `<think>`
 * tags (a prompt builder, a parser for R1 output) must still be completable:
 * the engine drops the tags only when the code around the cursor has none.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { systemClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { apiFor, requestAt, settings, signal } from './engine-harness';

describe('think tags in model output, through the engine', () => {
  let sim: OllamaSimulator;
  let engine: CompletionEngine | undefined;

  before(async () => {
    sim = await OllamaSimulator.start({ ttftMs: 1, tokensPerSecond: 1000 });
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(() => {
    engine?.dispose();
    sim.reset();
    engine = new CompletionEngine({ api: apiFor(sim.url), clock: systemClock, logger: silentLogger }, settings());
  });

  it('keeps a </think> the code itself is about', async () => {
    sim.script({ response: ['</th', "ink>'", ';'] });
    const code = "const OPEN = '<think>';\nconst CLOSE = '|\n";
    const outcome = await engine!.complete(requestAt(code, { languageId: 'typescript', uri: 'file:///work/tags.ts', path: 'tags.ts' }), signal());
    assert.deepEqual(outcome.kind === 'shown' ? outcome.text : outcome, "</think>';");
  });

  it('drops reasoning from a model that thinks out loud in ordinary code', async () => {
    sim.script({ response: ['<think>', 'the user wants a sum', '</think>', 'a + b'] });
    const outcome = await engine!.complete(requestAt('def add(a, b):\n    return |\n'), signal());
    assert.deepEqual(outcome.kind === 'shown' ? outcome.text : outcome, 'a + b');
  });
});
