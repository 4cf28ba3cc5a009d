import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Emitter } from '../../../src/core/events';

test('a throwing listener neither stops the others nor throws into fire(); its error still surfaces', () => {
  const errors: unknown[] = [];
  const emitter = new Emitter<number>((error) => errors.push(error));
  const seen: number[] = [];
  emitter.event(() => {
    throw new Error('listener bug');
  });
  emitter.event((n) => seen.push(n));
  assert.doesNotThrow(() => emitter.fire(7));
  assert.deepEqual(seen, [7]);
  assert.match(String(errors[0]), /listener bug/);
});

test('a disposed subscription is not called again', () => {
  const emitter = new Emitter<string>();
  const seen: string[] = [];
  const subscription = emitter.event((s) => seen.push(s));
  emitter.fire('a');
  subscription.dispose();
  emitter.fire('b');
  assert.deepEqual(seen, ['a']);
});
