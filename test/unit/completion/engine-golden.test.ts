/**
 * Every golden case the way a user gets it: the engine builds the prompt for the
 * case's model, the real client streams the answer from the Ollama simulator
 * (which applies the stop strings the engine sent, as Ollama does), the
 * generation stops where the completion ends, and post-processing runs on what
 * was read. The ghost text must be the golden one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { systemClock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import type { SimModel } from '../../ollama-sim/types';
import { apiFor, requestBetween, settings, signal } from './engine-harness';
import { goldenFiles, loadGolden, type GoldenCase } from './golden-cases';

/** Models a case may name, as Ollama would list them (no `insert` capability: raw FIM in the family's own tokens). */
const MODELS: readonly SimModel[] = [
  { name: 'codellama:7b-code', family: 'llama' },
  { name: 'deepseek-coder:1.3b-base', family: 'llama' },
  { name: 'starcoder2:3b', family: 'starcoder2' },
  { name: 'codegemma:2b', family: 'gemma' },
];

describe('golden cases through the engine, the client and the simulator', () => {
  let sim: OllamaSimulator;

  before(async () => {
    sim = await OllamaSimulator.start({ ttftMs: 0, tokensPerSecond: 0 });
    for (const model of MODELS) sim.addModel(model);
  });
  after(async () => {
    await sim.stop();
  });

  async function complete(c: GoldenCase) {
    const model = c.model ?? 'qwen2.5-coder:1.5b-base';
    sim.script({ match: { model }, response: c.raw, times: 1 });
    const engine = new CompletionEngine(
      { api: apiFor(sim.url), clock: systemClock, logger: silentLogger },
      settings({ model, multiline: c.multiline ?? 'auto', maxTokens: 512 }),
    );
    try {
      // Invoked by hand: no debounce, and a cursor before a word is served too (automatic requests skip it).
      const outcome = await engine.complete(
        requestBetween(c.prefix, c.suffix, { languageId: c.language, uri: `file:///golden/${c.id}`, path: c.id, trigger: 'manual' }),
        signal(),
      );
      return { outcome, log: engine.requestLog()[0] };
    } finally {
      engine.dispose();
    }
  }

  for (const file of goldenFiles) {
    describe(file, () => {
      for (const c of loadGolden(file)) {
        test(c.id, async () => {
          const { outcome, log } = await complete(c);
          if (c.expected === null) {
            assert.equal(outcome.kind, 'skipped', `expected no completion (${c.why}), got ${JSON.stringify(outcome)}`);
            if (c.droppedBy) assert.ok(log.reason?.includes(c.droppedBy), `the log says ${JSON.stringify(log.reason)}, not ${c.droppedBy}`);
            return;
          }
          assert.deepEqual(
            outcome,
            { kind: 'shown', text: c.expected, replaceSuffixChars: c.replaceSuffixChars ?? 0, source: 'generated' },
            `${c.why}\nraw read: ${JSON.stringify(log.raw)}`,
          );
        });
      }
    });
  }
});
