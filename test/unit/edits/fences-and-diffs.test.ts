import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scanFences } from '../../../src/core/edits/fences';
import { applyUnifiedDiff, looksLikeUnifiedDiff } from '../../../src/core/edits/unified-diff';

test('a closing fence must be as long as the opening one and of the same character', () => {
  const { blocks } = scanFences('````md\n```\ninner\n```\n~~~\n````\nafter');
  assert.deepEqual(blocks.map((b) => [b.language, b.content, b.closed]), [['md', '```\ninner\n```\n~~~', true]]);
});

test('a closing fence may be longer; text after a closing fence is not a closing fence', () => {
  assert.deepEqual(scanFences('```\na\n``` not closed\n`````\nb').blocks.map((b) => b.content), ['a\n``` not closed']);
});

test('a backtick fence whose info string has a backtick is not a fence (it is inline code)', () => {
  assert.deepEqual(scanFences('```js `x` ```\nplain').blocks, []);
});

test('an unclosed fence runs to the end; the prose outside blocks is kept apart', () => {
  const { blocks, prose } = scanFences('Intro\n~~~python\nx = 1\n');
  assert.deepEqual(blocks.map((b) => [b.content, b.closed]), [['x = 1\n', false]]);
  assert.equal(prose, 'Intro');
});

test('the opening fence\'s indentation is removed from the content lines', () => {
  assert.equal(scanFences('  ```\n  a\n    b\n c\n  ```').blocks[0]?.content, 'a\n  b\nc');
});

const original = 'a = 1\nb = 2\nc = 3\nb = 2\nd = 4';

test('two hunks apply in order', () => {
  const diff = '@@ -1,2 +1,2 @@\n a = 1\n-b = 2\n+b = 20\n@@ -4,2 +4,2 @@\n b = 2\n-d = 4\n+d = 40';
  assert.equal(applyUnifiedDiff(original, diff), 'a = 1\nb = 20\nc = 3\nb = 2\nd = 40');
});

test('a hunk whose context occurs twice goes to the occurrence nearest the line it names', () => {
  assert.equal(applyUnifiedDiff(original, '@@ -4,1 +4,1 @@\n-b = 2\n+b = 5'), 'a = 1\nb = 2\nc = 3\nb = 5\nd = 4');
  assert.equal(applyUnifiedDiff(original, '@@ -2,1 +2,1 @@\n-b = 2\n+b = 5'), 'a = 1\nb = 5\nc = 3\nb = 2\nd = 4');
});

test('context that differs only in indentation still places the hunk (loose match)', () => {
  assert.equal(applyUnifiedDiff('  x()\n  y()', '@@ ... @@\n x()\n-y()\n+  z()'), '  x()\n  z()');
});

test('a hunk that does not fit fails the whole diff', () => {
  assert.equal(applyUnifiedDiff(original, '@@ -1 +1 @@\n-a = 1\n+a = 10\n@@ -9 +9 @@\n-zzz\n+yyy'), undefined);
});

test('code that merely starts lines with + or - is not a diff', () => {
  assert.equal(looksLikeUnifiedDiff('-x\n+y'), false);
  assert.equal(looksLikeUnifiedDiff('--- a/f\n+++ b/f\n@@ -1 +1 @@\n-x\n+y'), true);
  assert.equal(looksLikeUnifiedDiff('Here is the diff:\n@@ -1 +1 @@\n-x\n+y'), false);
});
