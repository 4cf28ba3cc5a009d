/**
 * The editor side of completions that needs no editor: which requests the
 * client lets through to the server, what the status bar says, and the
 * "Why no completion?" document.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestLogEntry } from '../../../src/core/completion/api';
import { defaultCompletionSettings, type CompletionSettings } from '../../../src/core/settings';
import { decide, type PolicyInput } from '../../../src/features/completion/policy';
import { renderRequestLog } from '../../../src/features/completion/request-log-markdown';
import { statusView } from '../../../src/features/completion/status-view';

const now = 1_000_000;

function input(over: Partial<Omit<PolicyInput, 'settings'>> & { settings?: Partial<CompletionSettings> } = {}): PolicyInput {
  return {
    languageId: 'typescript',
    invoked: false,
    snoozedUntil: undefined,
    now,
    ...over,
    settings: { ...defaultCompletionSettings, ...over.settings },
  };
}

describe('client policy', () => {
  it('lets typing through by default, in any language not switched off', () => {
    assert.deepEqual(decide(input()), { allow: true });
    assert.deepEqual(decide(input({ languageId: 'zig' })), { allow: true });
  });
  it('keeps markdown and plaintext quiet by default, and honours a "*": false', () => {
    assert.deepEqual(decide(input({ languageId: 'markdown' })), { allow: false, reason: 'language-disabled' });
    assert.deepEqual(decide(input({ languageId: 'go', settings: { languages: { '*': false, python: true } } })), { allow: false, reason: 'language-disabled' });
    assert.deepEqual(decide(input({ languageId: 'python', settings: { languages: { '*': false, python: true } } })), { allow: true });
  });
  it('a snooze stops automatic completions until it ends; Alt+\\ still asks', () => {
    assert.deepEqual(decide(input({ snoozedUntil: now + 60_000 })), { allow: false, reason: 'snoozed' });
    assert.deepEqual(decide(input({ snoozedUntil: Infinity })), { allow: false, reason: 'snoozed' });
    assert.deepEqual(decide(input({ snoozedUntil: now - 1 })), { allow: true });
    assert.deepEqual(decide(input({ snoozedUntil: Infinity, invoked: true })), { allow: true });
  });
  it('manual trigger mode only lets explicit requests through', () => {
    assert.deepEqual(decide(input({ settings: { triggerMode: 'manual' } })), { allow: false, reason: 'manual-trigger-only' });
    assert.deepEqual(decide(input({ settings: { triggerMode: 'manual' }, invoked: true })), { allow: true });
  });
  it('turned off means off, even when asked', () => {
    assert.deepEqual(decide(input({ settings: { enabled: false }, invoked: true })), { allow: false, reason: 'disabled' });
  });
});

describe('status bar text', () => {
  const base = { serverState: 'running', enabled: true, model: 'qwen2.5-coder:1.5b-base', snoozed: '' } as const;
  it('spins while generating and sparkles when idle, naming the model', () => {
    assert.equal(statusView({ ...base, engine: { kind: 'generating', model: 'm' } }).text, '$(sync~spin) m');
    assert.equal(statusView({ ...base, engine: { kind: 'idle', model: 'm' } }).text, '$(sparkle) m');
  });
  it('warns with the way out for a chat model, no model and a daemon that is down', () => {
    const notFim = statusView({ ...base, engine: { kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: ['qwen2.5-coder:1.5b-base'] } });
    assert.ok(notFim.warning);
    assert.match(notFim.text, /^\$\(warning\)/);
    assert.match(notFim.tooltip, /cannot fill in the middle.*qwen2\.5-coder:1\.5b-base/);
    const none = statusView({ ...base, engine: { kind: 'no-model' } });
    assert.ok(none.warning);
    assert.match(none.tooltip, /Choose Completion Model/);
    const down = statusView({ ...base, engine: { kind: 'error', cause: { kind: 'not-running', host: 'http://127.0.0.1:11434' } } });
    assert.ok(down.warning);
    assert.match(down.tooltip, /Ollama is not running at http:\/\/127\.0\.0\.1:11434/);
  });
  it('pauses for chat and for a snooze', () => {
    assert.match(statusView({ ...base, engine: { kind: 'paused-for-chat' } }).text, /^\$\(debug-pause\)/);
    const snoozed = statusView({ ...base, snoozed: 'Snoozed until 14:05', engine: { kind: 'idle', model: 'm' } });
    assert.match(snoozed.text, /^\$\(debug-pause\)/);
    assert.match(snoozed.tooltip, /14:05/);
  });
});

describe('"Why no completion?" document', () => {
  const entry = (over: Partial<RequestLogEntry>): RequestLogEntry => ({
    id: 1,
    time: Date.UTC(2026, 0, 1, 12, 0, 0),
    model: 'qwen2.5-coder:1.5b-base',
    uri: 'file:///a.ts',
    debounceMs: 150,
    outcome: 'shown',
    promptPreview: 'const x = ',
    raw: '42;',
    final: '42;',
    ...over,
  });
  it('lists the newest request first with its timings, outcome and reason', () => {
    const doc = renderRequestLog(
      [entry({ id: 2, outcome: 'skipped', reason: 'mid-word', raw: '', final: '' }), entry({ id: 1, ttftMs: 180, totalMs: 320, tokens: 6 })],
      { facts: ['Model: qwen2.5-coder:1.5b-base'], lastClientDecision: '' },
    );
    assert.ok(doc.indexOf('### #2') < doc.indexOf('### #1'));
    assert.match(doc, /\| 2 \| .* \| skipped \(mid-word\) \| 150 ms \|/);
    assert.match(doc, /\| 1 \| .* \| shown \| 150 ms \| 180 ms \| 320 ms \| 6 \|/);
    assert.match(doc, /- Model: qwen2\.5-coder:1\.5b-base/);
  });
  it('keeps model output inside its fence, whatever backticks it contains', () => {
    const hostile = 'x\n```\n# Injected heading\n````';
    const doc = renderRequestLog([entry({ raw: hostile, final: hostile })], { facts: [], lastClientDecision: '' });
    const fence = '`````text';
    assert.ok(doc.includes(`${fence}\n${hostile}\n\`\`\`\`\``), doc);
  });
  it('says so when the server has not served anything yet', () => {
    assert.match(renderRequestLog([], { facts: [], lastClientDecision: 'typescript: inline completions are snoozed' }), /not handled a request yet/);
  });
});
