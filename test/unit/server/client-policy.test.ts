/**
 * The editor side of completions that needs no editor: which requests the
 * client lets through to the server and what the status bar says ("Why no
 * completion?" has its own file, test/unit/completion/why-report.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCompletionSettings, type CompletionSettings } from '../../../src/core/settings';
import { decide, type PolicyInput } from '../../../src/features/completion/policy';
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
  const base = { serverState: 'running', enabled: true, model: 'qwen2.5-coder:1.5b-base', snoozed: '', ollamaAnswers: true } as const;
  it('spins while generating and sparkles when idle, naming the model', () => {
    assert.equal(statusView({ ...base, engine: { kind: 'generating', model: 'm' } }).text, '$(sync~spin) m');
    assert.equal(statusView({ ...base, engine: { kind: 'idle', model: 'm' } }).text, '$(sparkle) m');
  });
  it('warns with the way out for a chat model, no model and a daemon that is down', () => {
    const notFim = statusView({ ...base, engine: { kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: ['qwen2.5-coder:1.5b-base'] } });
    assert.ok(notFim.warning);
    assert.match(notFim.text, /^\$\(warning\)/);
    assert.match(notFim.tooltip, /Installed code models: qwen2\.5-coder:1\.5b-base/);
    assert.match(notFim.tooltip, /dolphin3:8b is a chat model; inline completions need a code model trained to fill in the middle/);
    const none = statusView({ ...base, engine: { kind: 'no-model' } });
    assert.ok(none.warning);
    assert.equal(none.text, '$(warning) No completion model');
    assert.match(none.tooltip, /Click to choose a code model/);
    const down = statusView({ ...base, engine: { kind: 'error', cause: { kind: 'not-running', host: 'http://127.0.0.1:11434' } } });
    assert.ok(down.warning);
    assert.match(down.tooltip, /Ollama is not running at http:\/\/127\.0\.0\.1:11434/);
  });
  it('a click on a missing or unusable model opens the model picker (the fix); otherwise "Why no completion?"', () => {
    const choose = 'unbound.models.chooseCompletionModel';
    const why = 'unbound.completion.whyNoCompletion';
    assert.equal(statusView({ ...base, engine: { kind: 'no-model' } }).command, choose);
    assert.equal(statusView({ ...base, engine: { kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: [] } }).command, choose);
    const noInsert = statusView({ ...base, engine: { kind: 'error', cause: { kind: 'no-insert', model: 'dolphin3:8b' } } });
    assert.equal(noInsert.command, choose);
    assert.doesNotMatch(noInsert.tooltip, /suffix|template/, 'no jargon');
    assert.equal(statusView({ ...base, engine: { kind: 'idle', model: 'm' } }).command, why);
    assert.equal(statusView({ ...base, engine: { kind: 'error', cause: { kind: 'not-running', host: 'h' } } }).command, why);
    assert.equal(statusView({ ...base, enabled: false, engine: undefined }).command, why);
  });
  it('while Ollama does not answer: no model advice and no warning here; the Ollama item has the way forward', () => {
    const waiting = statusView({ ...base, model: '', ollamaAnswers: false, engine: { kind: 'no-model' } });
    assert.equal(waiting.text, '$(circle-outline) Completions');
    assert.equal(waiting.warning, false);
    assert.equal(waiting.command, 'unbound.daemon.actions');
    assert.doesNotMatch(waiting.tooltip, /model/i);
  });
  it('pauses for chat and for a snooze', () => {
    assert.match(statusView({ ...base, engine: { kind: 'paused-for-chat' } }).text, /^\$\(debug-pause\)/);
    const snoozed = statusView({ ...base, snoozed: 'Snoozed until 14:05', engine: { kind: 'idle', model: 'm' } });
    assert.match(snoozed.text, /^\$\(debug-pause\)/);
    assert.match(snoozed.tooltip, /14:05/);
  });
});
