/**
 * The reasoning splitter, fed chunk by chunk the way Ollama streams: a user sees
 * the model's thinking apart from its answer, never a stray <think> in the answer
 * and never reasoning in ghost text, however the tags were cut across chunks.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  ReasoningSplitter,
  splitReasoning,
  stripReasoning,
  templatePrefillsThink,
  type ReasoningChunk,
  type ReasoningSplitterOptions,
} from '../../../src/core/reasoning';

/** What a consumer (the chat view) ends up showing after applying every delta. */
function run(chunks: readonly ReasoningChunk[], options?: ReasoningSplitterOptions): { reasoning: string; answer: string; retracted: boolean } {
  const splitter = new ReasoningSplitter(options);
  let reasoning = '';
  let answer = '';
  let retracted = false;
  for (const delta of [...chunks.map((c) => splitter.push(c)), splitter.finish()]) {
    if (delta.retractAnswer) {
      retracted = true;
      assert.ok(delta.retractAnswer <= answer.length, 'never retracts more than was sent');
      answer = answer.slice(0, answer.length - delta.retractAnswer);
    }
    reasoning += delta.reasoning;
    answer += delta.answer;
  }
  return { reasoning, answer, retracted };
}

const content = (...parts: string[]): ReasoningChunk[] => parts.map((p) => ({ content: p }));

/** Every way to cut `text` into two chunks, plus one chunk a character. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

interface OllamaDocsCase {
  readonly id: string;
  readonly mode: 'tags' | 'ollama_fields';
  readonly chunks: readonly (string | { message?: { content?: string; thinking?: string }; response?: string; thinking?: string })[];
  readonly expected: { readonly reasoning: string; readonly answer: string };
  readonly source: string;
}

const fixtures = readFileSync(join(import.meta.dirname, '../../fixtures/reasoning/ollama-docs.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as OllamaDocsCase);

describe('streams from Ollama\'s thinking documentation', () => {
  for (const c of fixtures) {
    test(c.id, () => {
      const chunks: ReasoningChunk[] = c.chunks.map((chunk) => {
        if (typeof chunk === 'string') return { content: chunk };
        if (chunk.message) return { content: chunk.message.content, thinking: chunk.message.thinking };
        return { content: chunk.response, thinking: chunk.thinking };
      });
      const got = run(chunks);
      assert.deepEqual({ reasoning: got.reasoning, answer: got.answer }, { reasoning: c.expected.reasoning, answer: c.expected.answer }, c.source);
    });
  }
});

describe('inline tags', () => {
  test('paired <think>…</think>, cut at every possible place', () => {
    const text = '<think>\nLet me add them.\n</think>\n\nThe sum is 4.';
    for (const parts of splits(text)) {
      assert.deepEqual(run(content(...parts)), { reasoning: 'Let me add them.', answer: 'The sum is 4.', retracted: false }, JSON.stringify(parts));
    }
  });

  test('a tag split across chunks: `<th` + `ink>`', () => {
    assert.deepEqual(run(content('<th', 'ink>plan</thi', 'nk>done')), { reasoning: 'plan', answer: 'done', retracted: false });
  });

  test('an unclosed <think> at the end: it was all reasoning', () => {
    assert.deepEqual(run(content('<think>I need to consider', ' several cases')), { reasoning: 'I need to consider several cases', answer: '', retracted: false });
  });

  test('the <thinking> variant', () => {
    assert.deepEqual(run(content('<thinking>hmm</thinking>', 'Yes.')), { reasoning: 'hmm', answer: 'Yes.', retracted: false });
  });

  test('a lone </think> (template pre-filled <think>): what came before was reasoning, taken back from the answer', () => {
    const got = run(content('The user asks for 2+2. ', 'That is 4.', '\n</th', 'ink>\n\n4'));
    assert.deepEqual(got, { reasoning: 'The user asks for 2+2. That is 4.', answer: '4', retracted: true });
  });

  test('told the template pre-fills <think>: reasoning from the first character, nothing retracted', () => {
    assert.deepEqual(run(content('The user asks. ', '</think>', '4'), { prefilledThink: true }), { reasoning: 'The user asks.', answer: '4', retracted: false });
  });

  test('template pre-fills <think> but Ollama parses it and sends the `thinking` field: the content is the answer', () => {
    // An R1 distill with think on: Ollama strips the reasoning into `thinking`, content carries only the answer.
    const chunks: ReasoningChunk[] = [
      { thinking: 'The user wants ' },
      { thinking: 'a sum.' },
      { content: 'The sum ' },
      { content: 'is 4.' },
    ];
    assert.deepEqual(run(chunks, { prefilledThink: true }), { reasoning: 'The user wants a sum.', answer: 'The sum is 4.', retracted: false });
  });

  test('an answer with no tags streams through untouched, including a `<` that is not a tag', () => {
    for (const parts of splits('if a < b and c <th> d: pass')) {
      assert.deepEqual(run(content(...parts)), { reasoning: '', answer: 'if a < b and c <th> d: pass', retracted: false });
    }
  });

  test('a long HTML answer full of `<` passes through unchanged', () => {
    const html = '<div class="a"><span>x</span><thead></thead></div>\n'.repeat(5000);
    assert.equal(stripReasoning(html), html);
  });

  test('a partial tag at the very end is text', () => {
    assert.deepEqual(run(content('x <thi')), { reasoning: '', answer: 'x <thi', retracted: false });
  });

  test('tags in inline code or a fence of the answer are text', () => {
    const answer = 'Wrap it in `<think>` tags.\n```html\n<think>x</think>\n```\nDone.';
    assert.deepEqual(run(content(answer)), { reasoning: '', answer, retracted: false });
  });

  test('answer text is held back only while it may be a tag', () => {
    const splitter = new ReasoningSplitter();
    assert.deepEqual(splitter.push({ content: 'Hello <' }), { reasoning: '', answer: 'Hello ' });
    assert.deepEqual(splitter.push({ content: 'b>bold' }), { reasoning: '', answer: '<b>bold' });
  });

  test('indentation of the first answer line after </think> is kept (completions need it)', () => {
    assert.equal(stripReasoning('<think>plan</think>\n\n    return x'), '    return x');
  });
});

describe('the thinking field', () => {
  test('content is not parsed for tags once Ollama separated the fields', () => {
    const got = run([{ thinking: 'User asks about tags.' }, { content: 'Use a `</think>` check or <think> blocks.' }]);
    assert.deepEqual(got, { reasoning: 'User asks about tags.', answer: 'Use a `</think>` check or <think> blocks.', retracted: false });
  });
});

describe('stripReasoning / splitReasoning', () => {
  test('whole strings', () => {
    assert.equal(stripReasoning('<think>a</think>b'), 'b');
    assert.equal(stripReasoning('<think>never closed'), '');
    assert.equal(stripReasoning('reasoning</think>answer'), 'answer');
    assert.equal(stripReasoning('  plain code\n'), '  plain code\n');
    assert.deepEqual(splitReasoning('<think> x </think>y'), { reasoning: 'x', answer: 'y' });
  });
});

describe('templatePrefillsThink', () => {
  test('a template that ends the prompt with <think> pre-fills it', () => {
    assert.equal(templatePrefillsThink('{{ .Prompt }}<\uFF5CAssistant\uFF5C><think>\n'), true);
    assert.equal(templatePrefillsThink('{{- range .Messages }}{{ .Content }}{{ end }}<|im_start|>assistant\n<think>\n{{ end }}'), true);
  });

  test('templates that only mention think blocks, or close them, do not', () => {
    assert.equal(templatePrefillsThink('{{ .Prompt }}<\uFF5CAssistant\uFF5C>{{ if .Thinking }}<think>{{ .Thinking }}</think>{{ end }}'), false);
    assert.equal(templatePrefillsThink('{{ if not .Think }}<think>\n\n</think>\n\n{{ end }}'), false);
    assert.equal(templatePrefillsThink('<|im_start|>assistant\n'), false);
  });
});
