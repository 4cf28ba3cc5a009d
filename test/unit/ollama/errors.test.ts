import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeError, OllamaError, toOllamaError } from '../../../src/core/ollama/errors';
import type { OllamaErrorCause } from '../../../src/core/ollama/types';

const host = 'http://127.0.0.1:11434';

/** What ollama-js 0.6.x throws for a non-2xx response (its ResponseError is not exported). */
function responseError(status: number, error: string): Error {
  const e = new Error(error) as Error & { error: string; status_code: number };
  e.name = 'ResponseError';
  e.error = error;
  e.status_code = status;
  return e;
}

/** What undici's fetch throws when the socket fails before a response. */
function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:11434`), { code });
  return new TypeError('fetch failed', { cause });
}

describe('toOllamaError: HTTP status and message', () => {
  const cases: ReadonlyArray<readonly [string, Error, string | undefined, OllamaErrorCause]> = [
    ['404 from show/generate', responseError(404, "model 'qwen2.5-coder:7b-base' not found"), undefined,
      { kind: 'model-missing', model: 'qwen2.5-coder:7b-base' }],
    ['404 from the scheduler', responseError(404, 'model "llama3" not found, try pulling it first'), undefined,
      { kind: 'model-missing', model: 'llama3' }],
    ['404 names the model the caller asked for', responseError(404, "model 'x' not found"), 'x:latest',
      { kind: 'model-missing', model: 'x:latest' }],
    ['400 no insert (full registry name)', responseError(400, 'registry.ollama.ai/library/test:latest does not support insert'), undefined,
      { kind: 'no-insert', model: 'registry.ollama.ai/library/test:latest' }],
    ['400 no insert, caller model preferred', responseError(400, 'registry.ollama.ai/library/test:latest does not support insert'), 'test',
      { kind: 'no-insert', model: 'test' }],
    ['400 no thinking', responseError(400, '"llama3.2" does not support thinking'), undefined,
      { kind: 'no-thinking', model: 'llama3.2' }],
    ['400 other', responseError(400, 'raw mode does not support template, system, or context'), 'm',
      { kind: 'bad-request', message: 'raw mode does not support template, system, or context' }],
    ['403 host check', responseError(403, 'Error 403: Forbidden'), undefined, { kind: 'forbidden', host }],
    ['503 queue full', responseError(503, 'server busy, please try again.  maximum pending requests exceeded'), undefined,
      { kind: 'busy', message: 'server busy, please try again.  maximum pending requests exceeded' }],
    ['500 runner died', responseError(500, 'model runner has unexpectedly stopped'), 'm',
      { kind: 'server', status: 500, message: 'model runner has unexpectedly stopped' }],
    ['502 cloud upstream', responseError(502, 'bad gateway'), undefined, { kind: 'server', status: 502, message: 'bad gateway' }],
  ];
  for (const [name, error, model, expected] of cases) {
    it(name, () => {
      const mapped = toOllamaError(error, { host, ...(model ? { model } : {}) });
      assert.ok(mapped instanceof OllamaError);
      assert.deepEqual(mapped.cause, expected);
    });
  }

  it('a 404 "page not found" is a missing endpoint, not a missing model', () => {
    const mapped = toOllamaError(responseError(404, '404 page not found'), { host, model: 'm' });
    assert.equal(mapped.cause.kind, 'server');
  });
});

describe('toOllamaError: transport', () => {
  for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET']) {
    it(`fetch failed with ${code} means not running`, () => {
      assert.deepEqual(toOllamaError(fetchFailed(code), { host }).cause, { kind: 'not-running', host });
    });
  }

  it('finds the code inside an AggregateError (localhost resolving to ::1 and 127.0.0.1)', () => {
    const inner = [Object.assign(new Error('a'), { code: 'ECONNREFUSED' }), Object.assign(new Error('b'), { code: 'ECONNREFUSED' })];
    const e = new TypeError('fetch failed', { cause: new AggregateError(inner) });
    assert.equal(toOllamaError(e, { host }).cause.kind, 'not-running');
  });

  it('a TLS failure is reported with its reason, not as "not running"', () => {
    const e = new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
    assert.deepEqual(toOllamaError(e, { host }).cause, { kind: 'server', status: 0, message: 'self-signed certificate' });
  });

  it('a connection cut mid-body is a stream error', () => {
    assert.equal(toOllamaError(new TypeError('terminated'), { host }).cause.kind, 'stream');
  });

  it('an AbortError is "aborted", unless our timeout fired', () => {
    const abort = new DOMException('This operation was aborted', 'AbortError');
    assert.deepEqual(toOllamaError(abort, { host }).cause, { kind: 'aborted' });
    assert.deepEqual(toOllamaError(abort, { host, timeoutMs: 5000, timedOut: true }).cause, { kind: 'timeout', ms: 5000 });
  });

  it('AbortSignal.timeout rejections are timeouts', () => {
    const e = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    assert.deepEqual(toOllamaError(e, { host, timeoutMs: 250 }).cause, { kind: 'timeout', ms: 250 });
  });
});

describe('toOllamaError: stream content', () => {
  it('an in-band error line (plain Error from ollama-js) is a stream error with its text', () => {
    assert.deepEqual(toOllamaError(new Error('pull model manifest: file does not exist'), { host }).cause, {
      kind: 'stream',
      message: 'pull model manifest: file does not exist',
    });
  });

  it('a stream that ends without done is malformed', () => {
    const e = new Error('Did not receive done or success response in stream.');
    assert.equal(toOllamaError(e, { host }).cause.kind, 'malformed');
  });

  it('a JSON parse error is malformed', () => {
    let thrown: unknown;
    try {
      JSON.parse('{"response": "x"');
    } catch (e) {
      thrown = e;
    }
    assert.equal(toOllamaError(thrown, { host }).cause.kind, 'malformed');
  });

  it('keeps an OllamaError as it is', () => {
    const original = new OllamaError({ kind: 'aborted' });
    assert.equal(toOllamaError(original, { host }), original);
  });
});

describe('describeError: the cause and the way out', () => {
  it('not running on this machine offers to start Ollama and open the logs', () => {
    const d = describeError({ kind: 'not-running', host });
    assert.equal(d.message, 'Ollama is not running at http://127.0.0.1:11434.');
    assert.deepEqual(d.actions, ['start', 'logs']);
  });

  it('not reachable on another machine does not offer to start it here', () => {
    const d = describeError({ kind: 'not-running', host: 'http://10.0.0.9:11434' });
    assert.match(d.message, /10\.0\.0\.9/);
    assert.ok(!d.actions.includes('start'));
    assert.ok(d.actions.includes('settings'));
  });

  it('a missing model offers to pull it', () => {
    const d = describeError({ kind: 'model-missing', model: 'qwen2.5-coder:7b-base' });
    assert.equal(d.message, 'Model qwen2.5-coder:7b-base is not installed.');
    assert.equal(d.actions[0], 'pull');
  });

  it('a model without FIM points to choosing another model', () => {
    const d = describeError({ kind: 'no-insert', model: 'llama3' });
    assert.match(d.message, /llama3/);
    assert.deepEqual(d.actions, ['choose-model']);
  });

  it('a timeout says how long it waited', () => {
    assert.match(describeError({ kind: 'timeout', ms: 2500 }).message, /2\.5 s/);
  });

  it('OllamaError.message is the described message, one line, no stack', () => {
    const long = `first line\n    at Object.<anonymous> (/x.js:1:1)\n${'y'.repeat(500)}`;
    const e = toOllamaError(new Error(long), { host });
    assert.equal(e.message, 'Ollama stopped with an error: first line');
    assert.ok(!e.message.includes('\n'));
  });

  it('every cause has a message that is not empty', () => {
    const all: OllamaErrorCause[] = [
      { kind: 'not-running', host }, { kind: 'model-missing', model: 'm' }, { kind: 'no-insert', model: 'm' },
      { kind: 'no-thinking', model: 'm' }, { kind: 'bad-request', message: 'x' }, { kind: 'forbidden', host },
      { kind: 'busy', message: 'x' }, { kind: 'server', status: 500, message: 'x' }, { kind: 'server', status: 0, message: 'x' },
      { kind: 'stream', message: 'x' }, { kind: 'malformed', message: 'x' }, { kind: 'timeout', ms: 1 }, { kind: 'aborted' },
    ];
    for (const c of all) assert.ok(describeError(c).message.length > 10, c.kind);
  });
});
