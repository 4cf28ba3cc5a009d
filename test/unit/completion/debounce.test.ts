import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveDebounce, MAX_ADAPTIVE_DEBOUNCE_MS, MIN_ADAPTIVE_DEBOUNCE_MS } from '../../../src/core/completion/debounce';

function typeAt(debounce: AdaptiveDebounce, gaps: readonly number[], start = 1000): void {
  let t = start;
  debounce.observe(t);
  for (const gap of gaps) {
    t += gap;
    debounce.observe(t);
  }
}

describe('AdaptiveDebounce', () => {
  it('uses the configured delay until it has seen enough keystrokes, or longer if the first came slower', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [90, 90]);
    assert.equal(debounce.delayMs({ baseMs: 150, adaptive: true }), 150);
    const slower = new AdaptiveDebounce();
    typeAt(slower, [90, 170]);
    assert.ok(slower.delayMs({ baseMs: 150, adaptive: true }) > 170);
  });

  it('waits a bit longer than a fast typist\'s usual gap, so no generation starts mid-burst', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [80, 95, 85, 90, 88, 400, 92]);
    const delay = debounce.delayMs({ baseMs: 150, adaptive: true });
    assert.ok(delay > 92, `delay ${delay} must exceed the typical gap`);
    assert.ok(delay < 150, `delay ${delay} should be shorter than the fixed default for a fast typist`);
  });

  it('waits longer than most gaps of an uneven rhythm, so a burst does not start generations', () => {
    const debounce = new AdaptiveDebounce();
    const gaps = [60, 75, 90, 105, 120, 135, 150, 165, 180, 70, 85, 100, 115, 130, 145, 160];
    typeAt(debounce, gaps);
    const delay = debounce.delayMs({ baseMs: 150, adaptive: true });
    const covered = gaps.filter((g) => g < delay).length / gaps.length;
    assert.ok(covered >= 0.85, `only ${Math.round(covered * 100)} % of the gaps are shorter than ${delay} ms`);
    assert.ok(delay <= 220, `delay ${delay} ms waits far longer than the rhythm needs`);
  });

  it('clamps the learned delay to 60..400 ms', () => {
    const fast = new AdaptiveDebounce();
    typeAt(fast, [10, 12, 11, 9, 10]);
    assert.equal(fast.delayMs({ baseMs: 150, adaptive: true }), MIN_ADAPTIVE_DEBOUNCE_MS);
    const slow = new AdaptiveDebounce();
    typeAt(slow, [700, 800, 650, 900, 750]);
    assert.equal(slow.delayMs({ baseMs: 150, adaptive: true }), MAX_ADAPTIVE_DEBOUNCE_MS);
  });

  it('ignores pauses when learning the rhythm', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [100, 5000, 100, 100, 8000, 100]);
    assert.equal(debounce.typicalGapMs(), 100);
  });

  it('waits longer after generations a keystroke of the same burst made stale, and less again as completions are shown', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [100, 100, 100, 100, 100]);
    const learned = debounce.delayMs({ baseMs: 150, adaptive: true });
    assert.equal(debounce.inBurst(1000 + 500 + 150), true, 'a key 150 ms after the last one continues the burst');
    assert.equal(debounce.inBurst(1000 + 500 + 900), false, 'a key after a pause does not');
    debounce.falseStart();
    debounce.falseStart();
    const after = debounce.delayMs({ baseMs: 150, adaptive: true });
    assert.ok(after > learned, `${after} ms after two false starts, ${learned} ms before`);
    for (let i = 0; i < 10; i++) debounce.shown();
    assert.equal(debounce.delayMs({ baseMs: 150, adaptive: true }), learned);
    assert.equal(debounce.delayMs({ baseMs: 250, adaptive: false }), 250, 'a fixed delay stays fixed');
  });

  it('keeps waiting past the slow gaps of a rhythm while a run of quick keys follows them', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [...Array.from({ length: 16 }, () => 170), ...Array.from({ length: 16 }, () => 80)]);
    const delay = debounce.delayMs({ baseMs: 150, adaptive: true });
    assert.ok(delay > 170, `${delay} ms: a 170 ms gap of the same typist would start a generation between two keys`);
  });

  it('settles at no more than one false start per three completions shown', () => {
    const cycle = (falseStarts: number, shown: number): number => {
      const debounce = new AdaptiveDebounce();
      typeAt(debounce, [100, 100, 100, 100, 100]);
      for (let round = 0; round < 5; round++) {
        for (let i = 0; i < falseStarts; i++) debounce.falseStart();
        for (let i = 0; i < shown; i++) debounce.shown();
      }
      return debounce.delayMs({ baseMs: 150, adaptive: true });
    };
    const learned = cycle(0, 1);
    assert.equal(cycle(1, 4), learned, 'a false start per four completions is within budget: the delay does not grow');
    assert.ok(cycle(1, 2) > learned + 20, 'a false start per two completions is over budget: the delay keeps growing');
  });

  it('uses the fixed delay when adaptive debounce is off', () => {
    const debounce = new AdaptiveDebounce();
    typeAt(debounce, [50, 50, 50, 50, 50]);
    assert.equal(debounce.delayMs({ baseMs: 250, adaptive: false }), 250);
  });
});
