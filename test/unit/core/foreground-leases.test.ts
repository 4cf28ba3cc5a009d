import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ForegroundLeases } from '../../../src/core/foreground-leases';

test('completions resume only when the last of two overlapping streams ends', () => {
  const leases = new ForegroundLeases();
  const seen: number[] = [];
  leases.onDidChange((n) => seen.push(n));
  const chat = leases.begin();
  const refactor = leases.begin();
  chat.dispose();
  assert.equal(leases.count, 1, 'the refactor still streams');
  refactor.dispose();
  assert.equal(leases.count, 0);
  assert.deepEqual(seen, [1, 2, 1, 0]);
});

test('a lease disposed twice gives back only what it took', () => {
  const leases = new ForegroundLeases();
  const a = leases.begin();
  leases.begin();
  a.dispose();
  a.dispose();
  assert.equal(leases.count, 1);
});
