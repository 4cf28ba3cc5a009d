import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderDaemonStatus } from '../../../src/features/daemon/status-text';

const base = { hostUrl: 'http://127.0.0.1:11434', completionModel: '', chatModel: '' };

test('running shows the version only; the models are in the tooltip, not repeated next to the completion item', () => {
  const view = renderDaemonStatus({
    ...base,
    state: { kind: 'running', version: '0.33.0', owner: 'unbound' },
    completionModel: 'qwen2.5-coder:1.5b-base',
    chatModel: 'dolphin3:8b',
    pid: 4242,
  });
  assert.equal(view.text, '$(check) Ollama 0.33.0');
  assert.match(view.tooltip, /Completion model: qwen2\.5-coder:1\.5b-base/);
  assert.match(view.tooltip, /Chat model: dolphin3:8b/);
  assert.match(view.tooltip, /Started by Unbound \(pid 4242\)/);
  assert.match(view.tooltip, /http:\/\/127\.0\.0\.1:11434/);
});

test('running with no models chosen shows only the version too', () => {
  assert.equal(
    renderDaemonStatus({ ...base, state: { kind: 'running', version: '0.5.7', owner: 'external' } }).text,
    '$(check) Ollama 0.5.7',
  );
  const same = renderDaemonStatus({
    ...base,
    state: { kind: 'running', version: '0.5.7', owner: 'external' },
    completionModel: 'm:1',
    chatModel: 'm:1',
  });
  assert.equal(same.text, '$(check) Ollama 0.5.7');
  assert.match(same.tooltip, /Not started by Unbound/);
});

test('each other state has its icon and words', () => {
  assert.equal(renderDaemonStatus({ ...base, state: { kind: 'not-installed' } }).text, '$(circle-slash) Ollama: not installed');
  assert.equal(renderDaemonStatus({ ...base, state: { kind: 'stopped', cause: { kind: 'stopped-by-unbound' } } }).text, '$(debug-stop) Ollama: stopped');
  assert.equal(renderDaemonStatus({ ...base, state: { kind: 'starting' } }).text, '$(sync~spin) Ollama: starting');
  const error = renderDaemonStatus({ ...base, state: { kind: 'error', cause: { kind: 'port-busy-foreign', port: 11434, detail: 'HTTP 404' } } });
  assert.equal(error.text, '$(error) Ollama: error');
  assert.equal(error.isError, true);
  assert.match(error.tooltip, /Port 11434 is taken by something that is not Ollama \(HTTP 404\)/);
});
