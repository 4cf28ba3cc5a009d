/** Helpers for tests of the Ollama client: the cause a call failed with, and a stream read to its end. */
import assert from 'node:assert/strict';
import { OllamaError } from '../../../src/core/ollama/errors';
import type { OllamaErrorCause } from '../../../src/core/ollama/types';

/** Runs `fn` and returns the OllamaError cause it rejected with. */
export async function causeOf(fn: () => Promise<unknown>): Promise<OllamaErrorCause> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof OllamaError, `expected OllamaError, got ${String(e)}`);
    return e.cause;
  }
  assert.fail('expected a rejection');
}

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
