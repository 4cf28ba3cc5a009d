/** Text for whatever was thrown: a notice never reads "[object Object]" for an Error, nor loses a thrown string. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { errorMessage, errorStack } from '../../../src/core/error-message';

it('an Error gives its message, or its stack where one is asked for; anything else its text', () => {
  const error = new Error('disk full');
  assert.equal(errorMessage(error), 'disk full');
  assert.match(errorStack(error), /^Error: disk full\n\s+at /);
  assert.equal(errorMessage('plain'), 'plain');
  assert.equal(errorStack(42), '42');
});
