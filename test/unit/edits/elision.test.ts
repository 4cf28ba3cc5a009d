import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findElisions } from '../../../src/core/edits/elision';

const flagged = (rewrite: string, original = '', languageId = 'typescript') => findElisions(rewrite, original, languageId).map((e) => e.text);

test('the usual elision comments of several languages are flagged', () => {
  assert.deepEqual(flagged('class A {\n  // ... rest unchanged\n}'), ['// ... rest unchanged']);
  assert.deepEqual(flagged('def f():\n    # ... existing code ...\n    return 1', '', 'python'), ['# ... existing code ...']);
  assert.deepEqual(flagged('fn a() {}\n/* ... other methods stay the same ... */'), ['/* ... other methods stay the same ... */']);
  assert.deepEqual(flagged('<div>\n  <!-- ... -->\n</div>'), ['<!-- ... -->']);
  assert.deepEqual(flagged('-- rest of the function remains the same\nSELECT 1;'), ['-- rest of the function remains the same']);
  assert.deepEqual(flagged('x = 1\n// (code omitted for brevity)'), ['// (code omitted for brevity)']);
  assert.deepEqual(flagged('a();\n…\nb();'), ['…']);
});

test('a bare ... is an elision in TypeScript but Python\'s Ellipsis in Python', () => {
  assert.deepEqual(flagged('function f() {\n  ...\n}'), ['...']);
  assert.deepEqual(flagged('def stub():\n    ...', '', 'python'), []);
});

test('ordinary comments are not elisions', () => {
  assert.deepEqual(flagged('// Keep the cache small: it is per document.\nconst max = 10;'), []);
  assert.deepEqual(flagged('# TODO: handle empty input\nreturn 0', '', 'python'), []);
  assert.deepEqual(flagged('const spread = [...a, ...b];'), []);
});

test('a comment the original already had is the user\'s, not an elision', () => {
  const original = 'function f() {\n  // ... rest unchanged (kept from upstream)\n}';
  assert.deepEqual(flagged('function g() {\n  // ... rest unchanged (kept from upstream)\n}', original), []);
});

test('the line number of each elision is reported', () => {
  assert.deepEqual(findElisions('a\nb\n// ... rest unchanged', ''), [{ line: 2, text: '// ... rest unchanged' }]);
});
