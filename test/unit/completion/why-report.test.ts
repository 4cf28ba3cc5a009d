/**
 * "Why no completion?": the one cause in the way, said once, with its fix as a
 * button; the switches; the last requests, whose long reasons are said once.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestLogEntry } from '../../../src/core/completion/api';
import { defaultCompletionSettings } from '../../../src/core/settings';
import { commandHref, whyHtml } from '../../../src/features/completion/why-html';
import { WHY_COMMANDS, whyReport, type WhyInput } from '../../../src/features/completion/why-report';

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

function input(over: Partial<WhyInput> = {}): WhyInput {
  return {
    settings: { ...defaultCompletionSettings, model: 'qwen2.5-coder:1.5b-base' },
    engine: { kind: 'idle', model: 'qwen2.5-coder:1.5b-base' },
    serverState: 'running',
    snoozed: '',
    languageId: 'typescript',
    host: 'http://127.0.0.1:11434',
    lastClientDecision: '',
    entries: [],
    ...over,
  };
}

describe('"Why no completion?" report', () => {
  it('says when a completion was shown by its first words, while the model still wrote it', () => {
    const report = whyReport(input({ entries: [entry({ final: 'result.append(item)', partial: true }), entry({ id: 2 })] }));
    assert.equal(report.rows[0]!.outcome, 'shown: streamed (first words, then the whole)');
    assert.equal(report.rows[1]!.outcome, 'shown');
  });

  it('no model: says so once and the fix opens the completion model picker', () => {
    const report = whyReport(input({ settings: { ...defaultCompletionSettings, model: '' }, engine: { kind: 'no-model' } }));
    assert.equal(report.cause, 'No model is chosen for inline completions.');
    assert.deepEqual(report.fix, { label: 'Choose a Completion Model', command: 'unbound.models.chooseCompletionModel' });
  });

  it('a chat model: user words, and a pull of a code model when none is installed', () => {
    const report = whyReport(input({ settings: { ...defaultCompletionSettings, model: 'dolphin3:8b' }, engine: { kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: [] } }));
    assert.match(report.cause, /^dolphin3:8b is a chat model; inline completions need a code model trained to fill in the middle\./);
    assert.equal(report.fix?.command, 'unbound.models.pull');
    assert.deepEqual(report.fix?.args, ['qwen2.5-coder:1.5b-base']);
  });

  it('switched off, snoozed or off for the language: the switch is the cause and the fix', () => {
    assert.equal(whyReport(input({ settings: { ...defaultCompletionSettings, enabled: false } })).fix?.command, 'unbound.completion.toggle');
    assert.equal(whyReport(input({ snoozed: 'Snoozed until 14:05' })).fix?.command, 'unbound.completion.snooze');
    const md = whyReport(input({ languageId: 'markdown' }));
    assert.equal(md.cause, 'Inline completions are off for markdown files.');
    assert.deepEqual(md.fix?.args, ['unbound.completion.languages']);
  });

  it('Ollama down: the cause names the host and the fix is the Ollama actions (which offer only what works)', () => {
    const report = whyReport(input({ engine: { kind: 'error', cause: { kind: 'not-running', host: 'http://10.0.0.2:11434' } } }));
    assert.match(report.cause, /10\.0\.0\.2:11434/);
    assert.equal(report.fix?.command, 'unbound.daemon.actions');
  });

  it('every fix is a command the view allows', () => {
    const reports = [
      whyReport(input({ engine: { kind: 'no-model' } })),
      whyReport(input({ engine: { kind: 'model-not-fim', model: 'm', fimModels: ['f'] } })),
      whyReport(input({ engine: { kind: 'error', cause: { kind: 'model-missing', model: 'm' } } })),
      whyReport(input({ engine: { kind: 'error', cause: { kind: 'timeout', ms: 5 } } })),
      whyReport(input({ serverState: 'stopped' })),
    ];
    for (const r of reports) assert.ok(r.fix && WHY_COMMANDS.includes(r.fix.command), JSON.stringify(r.fix));
  });

  it('a long reason repeated on every row is said once; the rows keep the short outcome', () => {
    const long = 'model-not-fim: dolphin3:8b cannot complete code inline: its template has no suffix and no known FIM family. Pick a code model.';
    const report = whyReport(input({ entries: [3, 2, 1].map((id) => entry({ id, outcome: 'skipped', reason: long, raw: '', final: '' })) }));
    assert.deepEqual(report.rows.map((r) => r.outcome), ['skipped: model-not-fim', 'skipped: model-not-fim', 'skipped: model-not-fim']);
    assert.deepEqual(report.details, [long]);
    const html = whyHtml(report, 'n0nce', 'vscode-webview:');
    assert.equal(html.split('its template has no suffix').length - 1, 1, 'the explanation appears once in the page');
  });
});

describe('"Why no completion?" page', () => {
  it('states the cause once, with the fix as a command link', () => {
    const report = whyReport(input({ settings: { ...defaultCompletionSettings, model: '' }, engine: { kind: 'no-model' } }));
    const html = whyHtml(report, 'n0nce', 'vscode-webview:');
    assert.equal(html.split('No model is chosen for inline completions.').length - 1, 1);
    assert.ok(html.includes('href="command:unbound.models.chooseCompletionModel"'), html);
    assert.ok(!/<script/i.test(html), 'no script in the page');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('command arguments are URI-encoded JSON', () => {
    assert.equal(commandHref({ label: 'x', command: 'unbound.models.pull', args: ['a:b'] }), `command:unbound.models.pull?${encodeURIComponent('["a:b"]')}`);
  });

  it('model output is text, never markup', () => {
    const hostile = '<img src=x onerror=alert(1)></pre><script>alert(2)</script>';
    const html = whyHtml(whyReport(input({ entries: [entry({ raw: hostile, final: hostile })] })), 'n', 'c');
    assert.ok(!html.includes('<img src=x'), html);
    assert.ok(!html.includes('<script>'), html);
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
  });

  it('lists the newest request first and says so when there is none', () => {
    const html = whyHtml(whyReport(input({ entries: [entry({ id: 2 }), entry({ id: 1, ttftMs: 180, totalMs: 320, tokens: 6 })] })), 'n', 'c');
    assert.ok(html.indexOf('<td>2</td>') < html.indexOf('<td>1</td>'));
    assert.match(html, /<td>180 ms<\/td><td>320 ms<\/td><td>6<\/td>/);
    assert.match(whyHtml(whyReport(input()), 'n', 'c'), /not handled a request yet/);
  });
});
