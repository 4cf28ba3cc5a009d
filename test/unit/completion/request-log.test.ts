import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RequestLogEntry } from '../../../src/core/completion/api';
import { logEntry, promptPreview, RequestLog, type LogDraft } from '../../../src/core/completion/request-log';

function draft(id: number): LogDraft {
  return { id, time: 1_700_000_000_000 + id, model: 'm', uri: 'file:///a.ts', debounceMs: 120, promptPreview: '', raw: '', final: '' };
}

describe('RequestLog', () => {
  it('keeps the last 50 entries, newest first', () => {
    const log = new RequestLog();
    for (let i = 1; i <= 60; i++) log.add(logEntry(draft(i), { kind: 'cancelled' }));
    const entries = log.list();
    assert.equal(entries.length, 50);
    assert.equal(entries[0].id, 60);
    assert.equal(entries[49].id, 11);
  });

  it('says what a streamed completion ended as, even when it ended before its request was logged', () => {
    const log = new RequestLog();
    const first = { ...draft(1), final: 'result.', partial: true };
    log.add(logEntry(first, { kind: 'shown', text: 'result.', replaceSuffixChars: 0, source: 'generated' }));
    log.amend(logEntry({ ...first, final: 'result.append(item)' }, { kind: 'shown', text: 'result.append(item)', replaceSuffixChars: 0, source: 'generated' }));
    assert.equal(log.list()[0]!.final, 'result.append(item)');

    const second = { ...draft(2), final: 'x =', partial: true };
    log.amend(logEntry({ ...second, final: '' }, { kind: 'skipped', reason: 'superseded', detail: 'taken back' }));
    log.add(logEntry(second, { kind: 'shown', text: 'x =', replaceSuffixChars: 0, source: 'generated' }));
    assert.equal(log.list()[0]!.outcome, 'skipped', 'the later word wins over the earlier entry');
    assert.equal(log.list().length, 2);
  });

  it('returns a copy the caller cannot use to change the log', () => {
    const log = new RequestLog();
    log.add(logEntry(draft(1), { kind: 'cancelled' }));
    (log.list() as RequestLogEntry[]).length = 0;
    assert.equal(log.list().length, 1);
  });
});

describe('logEntry', () => {
  it('records what the user saw and why', () => {
    assert.equal(logEntry(draft(1), { kind: 'shown', text: 'x', replaceSuffixChars: 0, source: 'generated' }).outcome, 'shown');
    const cached = logEntry(draft(2), { kind: 'shown', text: 'x', replaceSuffixChars: 0, source: 'type-ahead' });
    assert.equal(cached.outcome, 'cached');
    assert.equal(cached.reason, 'type-ahead');
    const skipped = logEntry(draft(3), { kind: 'skipped', reason: 'model-not-fim', detail: 'no FIM tokens' });
    assert.equal(skipped.outcome, 'skipped');
    assert.equal(skipped.reason, 'model-not-fim: no FIM tokens');
    const error = logEntry(draft(4), { kind: 'error', cause: { kind: 'not-running', host: 'http://127.0.0.1:11434' } });
    assert.equal(error.outcome, 'error');
    assert.match(error.reason ?? '', /not-running.*11434/);
  });
});

describe('promptPreview', () => {
  it('keeps the ~200 characters next to the cursor', () => {
    const prompt = `${'a'.repeat(1000)}<|fim_suffix|>tail`;
    const preview = promptPreview(prompt);
    assert.equal(preview.length, 200);
    assert.ok(preview.endsWith('<|fim_suffix|>tail'));
  });
});
