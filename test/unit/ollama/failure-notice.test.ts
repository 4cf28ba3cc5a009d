/** The buttons a failed Ollama request offers, wherever it is shown (notification or chat view). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { failureNotice } from '../../../src/core/ollama/failure-notice';

const LOCAL = 'http://127.0.0.1:11434';

describe('failureNotice', () => {
  test('Ollama not running: Start and Logs, then Retry once it is up, when the caller can retry', () => {
    assert.deepEqual(failureNotice({ kind: 'not-running', host: LOCAL }, { retry: true }).actions, ['start', 'logs', 'retry']);
    assert.deepEqual(failureNotice({ kind: 'not-running', host: LOCAL }, { retry: false }).actions, ['start', 'logs']);
  });

  test('no Retry button when the caller has nothing to run again', () => {
    const notice = failureNotice({ kind: 'busy', message: 'server busy' }, { retry: false });
    assert.deepEqual(notice.actions, []);
    assert.match(notice.message, /busy/);
  });

  test('Retry appears once, not twice, when the cause already offers it', () => {
    assert.deepEqual(failureNotice({ kind: 'stream', message: 'model runner crashed' }, { retry: true }).actions, ['retry', 'logs']);
  });

  test('a missing model is pulled or replaced, never retried as is', () => {
    const notice = failureNotice({ kind: 'model-missing', model: 'dolphin-mixtral:8x7b' }, { retry: true });
    assert.deepEqual(notice.actions, ['pull', 'choose-model']);
    assert.match(notice.message, /dolphin-mixtral:8x7b is not installed/);
  });

  test('a cancel offers nothing', () => {
    assert.deepEqual(failureNotice({ kind: 'aborted' }, { retry: true }).actions, []);
  });
});
