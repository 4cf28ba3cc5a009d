import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTestFile, planTests } from '../../../src/core/edits/test-conventions';

test('TypeScript with vitest and a test/ folder: vitest, in test/, named .test.ts', () => {
  const plan = planTests('src/math/clamp.ts', 'typescript', { files: ['src/math/clamp.ts', 'test/other.test.ts'], dependencies: ['vitest'] });
  assert.deepEqual([plan.path, plan.framework], ['test/clamp.test.ts', 'vitest']);
});

test('the tests mirror the source folder when the workspace does', () => {
  const plan = planTests('src/math/clamp.ts', 'typescript', { files: ['test/math/round.spec.ts'], dependencies: ['jest'] });
  assert.deepEqual([plan.path, plan.framework], ['test/math/clamp.spec.ts', 'jest']);
});

test('tests beside the sources: the new one goes beside too', () => {
  const plan = planTests('lib/parse.js', 'javascript', { files: ['lib/format.test.js', 'lib/format.js'], dependencies: [], sampleTest: "import { test } from 'node:test';" });
  assert.equal(plan.path, 'lib/parse.test.js');
  assert.match(plan.framework, /node:test/);
});

test('Python: tests/test_<name>.py with pytest when a conftest.py is there, unittest when the tests use it', () => {
  assert.deepEqual(
    Object.values(planTests('src/stats.py', 'python', { files: ['tests/conftest.py', 'tests/test_io.py'], dependencies: [] })).slice(0, 2),
    ['tests/test_stats.py', 'pytest'],
  );
  assert.equal(planTests('pkg/stats.py', 'python', { files: ['tests/test_io.py'], dependencies: [], sampleTest: 'import unittest\n' }).framework, 'unittest');
});

test('Python with no tests yet: test_<name>.py beside the source, pytest', () => {
  assert.deepEqual(Object.values(planTests('src/stats.py', 'python', { files: ['src/stats.py'], dependencies: [] })).slice(0, 2), ['src/test_stats.py', 'pytest']);
});

test('Go: <name>_test.go beside the source, whatever else the workspace has', () => {
  assert.equal(planTests('pkg/sum/sum.go', 'go', { files: ['test/e2e_test.go'], dependencies: [] }).path, 'pkg/sum/sum_test.go');
});

test('isTestFile knows each family\'s naming', () => {
  assert.equal(isTestFile('src/a.test.ts', 'typescript'), true);
  assert.equal(isTestFile('src/a.ts', 'typescript'), false);
  assert.equal(isTestFile('tests/test_a.py', 'python'), true);
  assert.equal(isTestFile('a_test.go', 'go'), true);
  assert.equal(isTestFile('a.test.ts', 'haskell'), false);
});
