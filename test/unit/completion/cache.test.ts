import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionCacheKey, LruCache } from '../../../src/core/completion/cache';

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string>(2);
    cache.set('a', '1');
    cache.set('b', '2');
    assert.equal(cache.get('a'), '1'); // a is now the most recent
    cache.set('c', '3');
    assert.equal(cache.get('b'), undefined);
    assert.equal(cache.get('a'), '1');
    assert.equal(cache.get('c'), '3');
    assert.equal(cache.size, 2);
  });

  it('keeps 100 entries by default', () => {
    const cache = new LruCache<number>();
    for (let i = 0; i < 150; i++) cache.set(`k${i}`, i);
    assert.equal(cache.size, 100);
    assert.equal(cache.get('k49'), undefined);
    assert.equal(cache.get('k50'), 50);
  });

  it('clear() forgets everything', () => {
    const cache = new LruCache<number>();
    cache.set('x', 1);
    cache.clear();
    assert.equal(cache.get('x'), undefined);
  });
});

describe('completionCacheKey', () => {
  it('tells models, prefixes and suffixes apart', () => {
    const base = completionCacheKey('m', 'def f(', ')\n');
    assert.equal(completionCacheKey('m', 'def f(', ')\n'), base);
    assert.notEqual(completionCacheKey('other', 'def f(', ')\n'), base);
    assert.notEqual(completionCacheKey('m', 'def g(', ')\n'), base);
    assert.notEqual(completionCacheKey('m', 'def f(', ']\n'), base);
  });

  it('does not let a part run into the next', () => {
    assert.notEqual(completionCacheKey('m', 'ab', 'c'), completionCacheKey('m', 'a', 'bc'));
  });

  it('only looks at the text next to the cursor', () => {
    const far = 'x'.repeat(5000);
    assert.equal(completionCacheKey('m', `${far}A${'p'.repeat(2000)}`, 's'), completionCacheKey('m', `${far}B${'p'.repeat(2000)}`, 's'));
  });
});
