import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver';
import { abortSignalOf } from '../../../src/core/cancellation';

test('cancelling the token aborts the signal', () => {
  const source = new CancellationTokenSource();
  const { signal, dispose } = abortSignalOf(source.token);
  assert.equal(signal.aborted, false);
  source.cancel();
  assert.equal(signal.aborted, true);
  dispose();
});

test('a token cancelled before the work began gives an aborted signal (no request is sent for it)', () => {
  const source = new CancellationTokenSource();
  source.cancel();
  assert.equal(abortSignalOf(source.token).signal.aborted, true);
});

test('after dispose the token no longer reaches the signal: the work is over', () => {
  const source = new CancellationTokenSource();
  const { signal, dispose } = abortSignalOf(source.token);
  dispose();
  source.cancel();
  assert.equal(signal.aborted, false);
});
