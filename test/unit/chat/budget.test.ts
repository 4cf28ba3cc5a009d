/** Context budgeting: what the model is sent when the conversation outgrows its window. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateTokens, fitConversation } from '../../../src/core/chat/budget';
import type { Turn } from '../../../src/core/chat/conversation';

const turn = (role: Turn['role'], content: string, extra: Partial<Turn> = {}): Turn => ({ id: `${role}-${content.slice(0, 8)}`, role, content, reasoning: '', status: 'done', ...extra });

describe('fitConversation', () => {
  test('everything fits: system first, then every turn; reasoning is never sent back', () => {
    const r = fitConversation({
      system: 'Be terse.',
      turns: [turn('user', 'q1'), turn('assistant', 'a1', { reasoning: 'secret thoughts' }), turn('user', 'q2')],
      contextLength: 4096,
      reserveForAnswer: 512,
    });
    assert.equal(r.droppedTurns, 0);
    assert.deepEqual(r.messages.map((m) => `${m.role}:${m.content}`), ['system:Be terse.', 'user:q1', 'assistant:a1', 'user:q2']);
    assert.ok(!JSON.stringify(r.messages).includes('secret thoughts'));
  });

  test('overflow drops the oldest turns, never starts on an answer, keeps the question', () => {
    const long = 'x'.repeat(3500); // ~1000 tokens
    const turns = [turn('user', `a${long}`), turn('assistant', `b${long}`), turn('user', `c${long}`), turn('assistant', `d${long}`), turn('user', 'last?')];
    const r = fitConversation({ system: '', turns, contextLength: 3000, reserveForAnswer: 500 });
    assert.ok(r.droppedTurns >= 2);
    assert.equal(r.messages[0]?.role, 'user');
    assert.equal(r.messages.at(-1)?.content, 'last?');
    assert.ok(r.usedTokens <= 2500);
    assert.equal(r.overflow, false);
  });

  test('a question larger than the window alone is still sent, flagged as overflow', () => {
    const r = fitConversation({ system: '', turns: [turn('user', 'y'.repeat(40_000))], contextLength: 2048, reserveForAnswer: 512 });
    assert.equal(r.messages.length, 1);
    assert.equal(r.overflow, true);
  });

  test('failed and empty answers are not sent; context chips are sent as fenced blocks before the question', () => {
    const r = fitConversation({
      system: '',
      turns: [
        turn('user', 'explain', { context: [{ id: 'c', kind: 'selection', label: 'main.py:1-2', tokens: 3, text: 'print(1)', languageId: 'python' }] }),
        turn('assistant', '', { status: 'error' }),
        turn('user', 'again'),
      ],
      contextLength: 4096,
      reserveForAnswer: 512,
    });
    assert.deepEqual(r.messages.map((m) => m.role), ['user', 'user']);
    assert.equal(r.messages[0]?.content, 'main.py:1-2:\n```python\nprint(1)\n```\n\nexplain');
  });

  test('a context file holding a four-backtick fence cannot close its block early', () => {
    const text = 'Docs:\n````md\n```js\nx\n```\n````\nafter';
    const r = fitConversation({
      system: '',
      turns: [turn('user', 'explain', { context: [{ id: 'c', kind: 'file', label: 'README.md', tokens: 9, text, languageId: 'markdown' }] })],
      contextLength: 4096,
      reserveForAnswer: 512,
    });
    assert.equal(r.messages[0]?.content, `README.md:\n\`\`\`\`\`markdown\n${text}\n\`\`\`\`\`\n\nexplain`);
  });

  test('the estimate grows with the text', () => {
    assert.ok(estimateTokens('a'.repeat(350)) === 100);
    assert.equal(estimateTokens(''), 0);
  });
});
