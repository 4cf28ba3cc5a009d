/**
 * A code action's answer from an R1 distill whose template pre-fills `<think>`
 * (the simulator's model, as Ollama serves it): the model drafts code in its
 * reasoning, then answers. The proposal the action draws while the answer streams,
 * and the one it ends with, must hold only the answer's code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { streamActionAnswer, type AnswerReading } from '../../../src/core/edits/action-answer-stream';
import { extractCode, type Extraction } from '../../../src/core/edits/extract';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import { silentLogger } from '../../../src/core/log';
import { CHAT_MODELS } from '../../ollama-sim/chat-models';
import { useSimulator } from '../ollama-sim/use-simulator';

const R1_PREFILL = 'hf.co/bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M';
const ORIGINAL = 'def add(a, b):\n    return a+b';
const DRAFT_IN_REASONING = ['Draft:\n', '```python\n', 'def add(a, b):\n', '    return a - b\n', '```\n', 'No, that subtracts.'];
const ANSWER = ['```python\n', 'def add(a: int, b: int) -> int:\n', '    return a + b\n', '```\n'];

describe('code action answer of a model whose template opens <think>', () => {
  const sim = useSimulator({ ttftMs: 1, tokensPerSecond: 2000, models: [{ name: 'dolphin3:8b' }, ...CHAT_MODELS] });

  async function refactor(model: string) {
    sim().script({ match: { model }, thinking: DRAFT_IN_REASONING, response: ANSWER });
    const api = createOllamaClient({ host: resolveHost(sim().url, undefined), logger: silentLogger });
    // What run-rewrite draws: the extraction of the answer so far, after every piece.
    const drawn: Extraction[] = [];
    const extract = (answer: string, reading: AnswerReading) =>
      extractCode(answer, { original: ORIGINAL, languageId: 'python', prefilledThink: reading.prefilledThink });
    const outcome = await streamActionAnswer({
      api,
      modelInfo: (m, signal) => api.show(m, signal),
      model,
      messages: [{ role: 'user', content: `Refactor:\n${ORIGINAL}` }],
      signal: new AbortController().signal,
      now: () => 0,
      onText: (answer, reading) => drawn.push(extract(answer, reading)),
    });
    assert.equal(outcome.kind, 'done');
    return { outcome, drawn, final: extract(outcome.answer, outcome.reading) };
  }

  it('no proposal, partial or final, holds the code the model drafted in its reasoning', async () => {
    const { outcome, drawn, final } = await refactor(R1_PREFILL);
    assert.ok(outcome.kind === 'done' && outcome.answer.includes('a - b'), 'the reasoning did stream as text');
    const proposed = drawn.flatMap((e) => (e.kind === 'code' ? [e.code] : []));
    assert.ok(proposed.length > 0, 'the answer was drawn while it streamed');
    assert.deepEqual(proposed.filter((code) => code.includes('a - b')), []);
    assert.deepEqual(final, { kind: 'code', code: 'def add(a: int, b: int) -> int:\n    return a + b', from: 'fence' });
    assert.ok(outcome.reading.prefilledThink, 'read as starting inside the reasoning');
  });

  it('a model whose template opens nothing is read as answer from the start', async () => {
    const { outcome, final } = await refactor('dolphin3:8b');
    assert.ok(outcome.kind === 'done' && !outcome.reading.prefilledThink);
    assert.deepEqual(final, { kind: 'code', code: 'def add(a: int, b: int) -> int:\n    return a + b', from: 'fence' });
  });
});
