import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextSnapshot } from '../../../src/core/completion/api';
import { anchorAt, matchTyped, streamStillFits, typedSince } from '../../../src/core/completion/type-ahead';

function doc(text: string): TextSnapshot {
  return { length: text.length, slice: (start, end) => text.slice(start, end) };
}

describe('typedSince', () => {
  const before = 'function add(a, b) {\n  return ';
  const after = '\n}\n';
  const anchor = anchorAt('file:///a.ts', 'm', doc(before + after), before.length);

  it('returns the characters typed at the anchored cursor', () => {
    const text = `${before}a +${after}`;
    assert.equal(typedSince(anchor, 'file:///a.ts', 'm', doc(text), before.length + 3), 'a +');
  });

  it('returns "" when asked again at the same place', () => {
    assert.equal(typedSince(anchor, 'file:///a.ts', 'm', doc(before + after), before.length), '');
  });

  it('is undefined after a backspace, an edit elsewhere, another file or model', () => {
    const backspaced = before.slice(0, -1) + after;
    assert.equal(typedSince(anchor, 'file:///a.ts', 'm', doc(backspaced), before.length - 1), undefined);
    const editedAbove = `// hi\n${before}a${after}`;
    assert.equal(typedSince(anchor, 'file:///a.ts', 'm', doc(editedAbove), before.length + 7), undefined);
    const editedBelow = `${before}a\n}\n// more\n`;
    assert.equal(typedSince(anchor, 'file:///a.ts', 'm', doc(editedBelow), before.length + 1), undefined);
    assert.equal(typedSince(anchor, 'file:///b.ts', 'm', doc(`${before}a${after}`), before.length + 1), undefined);
    assert.equal(typedSince(anchor, 'file:///a.ts', 'n', doc(`${before}a${after}`), before.length + 1), undefined);
  });
});

describe('matchTyped', () => {
  it('serves the rest of a completion the typed text starts', () => {
    assert.deepEqual(matchTyped('a +', 'a + b;', true), { kind: 'rest', rest: ' b;' });
  });

  it('waits for a running generation that has not produced the typed text yet', () => {
    assert.deepEqual(matchTyped('a + b', 'a +', false), { kind: 'pending' });
    assert.deepEqual(matchTyped('a +', 'a +', false), { kind: 'pending' });
  });

  it('reports divergence, or a finished completion typed to its end', () => {
    assert.deepEqual(matchTyped('a -', 'a + b;', false), { kind: 'diverged' });
    assert.deepEqual(matchTyped('a + b', 'a +', true), { kind: 'diverged' });
    assert.deepEqual(matchTyped('a + b;', 'a + b;', true), { kind: 'diverged' });
  });
});

describe('streamStillFits', () => {
  it('keeps a stream whose text so far holds what was typed, or that the typed text consistently goes past', () => {
    assert.equal(streamStillFits('', ''), true, 'asked again at the same place');
    assert.equal(streamStillFits('sel', 'self.items'), true);
    assert.equal(streamStillFits('self.it', 'self.'), true, 'typed past the stream: the model may still say "items"');
  });

  it('drops a stream that contradicts what was typed, or has said nothing to check a keystroke against', () => {
    assert.equal(streamStillFits('x', 'self.'), false);
    assert.equal(streamStillFits('self,', 'self.'), false);
    assert.equal(streamStillFits('s', ''), false);
  });
});
