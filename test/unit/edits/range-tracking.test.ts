import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveRange, trackRange, type OffsetChange, type TrackedRange } from '../../../src/core/edits/range-tracking';

/** Applies changes to text the way VS Code does (all offsets refer to the text before the event). */
function apply(text: string, changes: readonly OffsetChange[]): string {
  let out = text;
  for (const c of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) out = out.slice(0, c.rangeOffset) + c.text + out.slice(c.rangeOffset + c.rangeLength);
  return out;
}

const doc = 'import os\n\ndef mean(xs):\n    return sum(xs) / len(xs)\n\nprint(mean([1]))\n';
const original = 'def mean(xs):\n    return sum(xs) / len(xs)';
const start = doc.indexOf(original);
const range: TrackedRange = { start, end: start + original.length, lost: false };

function edit(changes: OffsetChange[]): { text: string; tracked: TrackedRange } {
  return { text: apply(doc, changes), tracked: trackRange(range, changes) };
}

test('typing above the range moves it, and the original is found at its new place', () => {
  const { text, tracked } = edit([{ rangeOffset: 0, rangeLength: 0, text: 'import sys\n' }]);
  assert.equal(tracked.lost, false);
  assert.deepEqual(resolveRange(tracked, text, original), { start: start + 11, end: start + 11 + original.length });
});

test('typing right before the range (at its start) moves it', () => {
  const { text, tracked } = edit([{ rangeOffset: start, rangeLength: 0, text: '# hi\n' }]);
  assert.equal(text.slice(tracked.start, tracked.end), original);
});

test('deleting a line above the range moves it up', () => {
  const { text, tracked } = edit([{ rangeOffset: 0, rangeLength: 10, text: '' }]);
  assert.equal(text.slice(tracked.start, tracked.end), original);
});

test('typing after the range leaves it where it was', () => {
  const at = doc.indexOf('print');
  const { text, tracked } = edit([{ rangeOffset: at, rangeLength: 0, text: 'x = 1\n' }, { rangeOffset: range.end, rangeLength: 0, text: '  # end' }]);
  assert.deepEqual(resolveRange(tracked, text, original), { start, end: range.end });
});

test('several changes in one event (multi-cursor), before and after the range', () => {
  const changes = [{ rangeOffset: 0, rangeLength: 0, text: '#!\n' }, { rangeOffset: doc.length, rangeLength: 0, text: 'end\n' }];
  const { text, tracked } = edit(changes);
  assert.equal(text.slice(tracked.start, tracked.end), original);
});

test('typing inside the range makes it lost: the rewrite may not overwrite it', () => {
  const inside = doc.indexOf('sum(xs)');
  const { text, tracked } = edit([{ rangeOffset: inside, rangeLength: 0, text: 'float(' }]);
  assert.equal(tracked.lost, true);
  assert.equal(resolveRange(tracked, text, original), undefined);
});

test('an edit that spans the range\'s start is inside it', () => {
  const { text, tracked } = edit([{ rangeOffset: start - 2, rangeLength: 5, text: '' }]);
  assert.equal(tracked.lost, true);
  assert.equal(resolveRange(tracked, text, original), undefined);
});

test('typed inside then undone: the original text is back in place, so the range is usable again', () => {
  const inside = doc.indexOf('sum(xs)');
  const typed = [{ rangeOffset: inside, rangeLength: 0, text: 'float(' }];
  const afterTyping = apply(doc, typed);
  const undo = [{ rangeOffset: inside, rangeLength: 6, text: '' }];
  const tracked = trackRange(trackRange(range, typed), undo);
  assert.deepEqual(resolveRange(tracked, apply(afterTyping, undo), original), { start, end: range.end });
});

test('a lost range is never matched to an identical copy elsewhere in the file', () => {
  const copy = `${doc}\n${original}\n`;
  const inside = copy.indexOf('sum(xs)');
  const changes = [{ rangeOffset: inside, rangeLength: 3, text: 'math.fsum' }];
  const tracked = trackRange(range, changes);
  assert.equal(resolveRange(tracked, apply(copy, changes), original), undefined);
});
