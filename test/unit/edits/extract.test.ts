import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractCode } from '../../../src/core/edits/extract';
import { loadAnswerFixtures } from './fixtures';

const fixtures = loadAnswerFixtures();

test('the fixture set covers at least 30 styles of answer', () => {
  assert.ok(fixtures.length >= 30, `${fixtures.length} fixtures`);
  assert.ok(fixtures.some((f) => f.expected === undefined), 'some answers hold no code');
});

for (const fixture of fixtures) {
  test(`${fixture.file}: ${fixture.about}`, () => {
    const result = extractCode(fixture.answer, { original: fixture.original, languageId: fixture.language });
    if (fixture.expected === undefined) {
      assert.equal(result.kind, 'no-code', `expected no code, got:\n${result.kind === 'code' ? result.code : ''}`);
      if (result.kind === 'no-code') assert.ok(result.answer.length > 0 || fixture.answer.trim() === '', 'the user is shown the answer');
    } else {
      assert.equal(result.kind, 'code', result.kind === 'no-code' ? `no code: ${result.reason}` : '');
      if (result.kind === 'code') assert.equal(result.code, fixture.expected);
    }
  });
}

test('an answer with CRLF line breaks gives the same code', () => {
  const answer = 'Here:\r\n\r\n```python\r\ndef f():\r\n    return 1\r\n```\r\n';
  const result = extractCode(answer, { original: 'def f():\n    return 0', languageId: 'python' });
  assert.deepEqual(result, { kind: 'code', code: 'def f():\n    return 1', from: 'fence' });
});

test('a model whose template pre-fills <think> is split even when its answer has no code fence', () => {
  const answer = 'The loop can go.\n</think>\ndef f():\n    return sum(xs)';
  const result = extractCode(answer, { original: 'def f():\n    t = 0\n    for x in xs: t += x\n    return t', languageId: 'python', prefilledThink: true });
  assert.deepEqual(result, { kind: 'code', code: 'def f():\n    return sum(xs)', from: 'bare' });
});

test('no code: the answer the user is shown is the model\'s text without its reasoning', () => {
  const result = extractCode('<think>hmm</think>\nThe function is already correct.', { original: 'def f():\n    return 1', languageId: 'python' });
  assert.deepEqual(result.kind === 'no-code' && result.answer, 'The function is already correct.');
});

test('a new file (no original): the longest block in the language wins over a shell line', () => {
  const answer = 'Run:\n```sh\npytest -q\n```\n```python\nimport pytest\nfrom stats import mean\n\n\ndef test_mean():\n    assert mean([1, 2]) == 1.5\n```';
  const result = extractCode(answer, { original: '', languageId: 'python' });
  assert.equal(result.kind === 'code' && result.code.split('\n')[0], 'import pytest');
});
