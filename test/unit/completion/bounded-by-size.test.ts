// The completion cache and the request log hold what a server sent: bounded by size, not only by count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LruCache } from '../../../src/core/completion/cache';
import { logEntry, RequestLog, REQUEST_LOG_MAX_CHARS, type LogDraft } from '../../../src/core/completion/request-log';
import { fence } from '../../../src/core/markdown-fence';

function draft(id: number, raw: string): LogDraft {
  return { id, time: 1_700_000_000_000 + id, model: 'm', uri: 'file:///a.ts', debounceMs: 0, promptPreview: '', raw, final: raw };
}

describe('LruCache by size', () => {
  it('evicts the oldest entries once their text passes the size limit', () => {
    const cache = new LruCache<{ text: string }>({ maxEntries: 100, maxChars: 10_000 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, { text: 'x'.repeat(3000) });
    assert.ok(cache.size <= 3, `${cache.size} entries of 3000 characters kept under 10 000`);
    assert.ok(cache.get('k9'), 'the newest is kept');
    assert.equal(cache.get('k0'), undefined);
  });

  it('does not keep an entry larger than the whole limit, nor drop the others for it', () => {
    const cache = new LruCache<{ text: string }>({ maxEntries: 100, maxChars: 10_000 });
    cache.set('small', { text: 'a' });
    cache.set('huge', { text: 'x'.repeat(50_000) });
    assert.equal(cache.get('huge'), undefined);
    assert.deepEqual(cache.get('small'), { text: 'a' });
  });

  it('has a size limit by default', () => {
    const cache = new LruCache<{ text: string }>();
    for (let i = 0; i < 100; i++) cache.set(`k${i}`, { text: 'x'.repeat(1_000_000) });
    assert.ok(cache.size < 10, `${cache.size} entries of 1 MB kept by default`);
  });
});

describe('RequestLog by size', () => {
  it('cuts a huge model output in an entry and says how much was left out', () => {
    const log = new RequestLog();
    log.add(logEntry(draft(1, 'y'.repeat(10_000_000)), { kind: 'cancelled' }));
    const [entry] = log.list();
    assert.ok(entry && entry.raw.length < 20_000, `raw of ${entry?.raw.length} characters`);
    assert.match(entry?.raw ?? '', /9[ ,]?9\d\d[ ,]?\d{3} more characters/);
  });

  it('keeps its total under the limit, dropping the oldest entries', () => {
    const log = new RequestLog();
    for (let i = 1; i <= 50; i++) log.add(logEntry(draft(i, 'z'.repeat(1_000_000)), { kind: 'cancelled' }));
    const total = JSON.stringify(log.list()).length;
    assert.ok(total <= REQUEST_LOG_MAX_CHARS * 1.1, `the log holds ${total} characters`);
    assert.equal(log.list()[0]?.id, 50);
  });
});

describe('fence', () => {
  it('fences text with a million backtick runs without throwing', () => {
    const text = '`a'.repeat(1_000_000);
    const fenced = fence(text);
    assert.ok(fenced.startsWith('```text\n'));
  });

  it('is longer than the longest run inside', () => {
    assert.ok(fence('x ````` y').startsWith('``````text\n'));
    assert.ok(fence('no ticks').startsWith('```text\n'));
  });
});
