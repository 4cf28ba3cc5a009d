/**
 * Code actions, the part between the model's last token and the diff that runs in the
 * extension host: taking the code from a 300-line answer (prose, the rewrite, a usage
 * example), fitting it to the range and looking for elisions; plus the cost of a partial
 * redraw while the answer streams and of tracking the range through an edit.
 *
 * The same two steps in the real editor (last token to the diff shown, Accept to the
 * document changed) are measured inside VS Code by the e2e suite, which prints
 * `[figure] action_last_token_to_diff_ms` and `action_accept_to_changed_ms`
 * (`HARNESS=... npm run test:e2e -- --grep 'code actions'`).
 *
 *   node --import tsx test/bench/actions-bench.ts
 */
import { findElisions } from '../../src/core/edits/elision';
import { extractCode } from '../../src/core/edits/extract';
import { fitToRange } from '../../src/core/edits/fit-to-range';
import { trackRange } from '../../src/core/edits/range-tracking';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function measure(runs: number, work: () => unknown): { p50: number; p99: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

const original = ['    def perimeter(self, r):', ...Array.from({ length: 40 }, (_, i) => `        p${i} = 2 * 3.14159 * r + ${i}`), '        return p0'].join('\n');
const rewrite = ['def perimeter(self, r):', ...Array.from({ length: 298 }, (_, i) => `    p${i} = 2 * math.pi * r + ${i}  # step ${i}`), '    return p0'].join('\n');
const answer = [
  'Here is the rewritten method; it uses `math.pi` instead of a literal:',
  '',
  '```python',
  rewrite,
  '```',
  '',
  'Call it like this:',
  '',
  '```python',
  'print(Circle(1).perimeter(2))',
  '```',
].join('\n');

const final = measure(200, () => {
  const extraction = extractCode(answer, { original, languageId: 'python' });
  if (extraction.kind !== 'code') throw new Error('no code in the bench answer');
  fitToRange(extraction.code, original, '\n');
  findElisions(extraction.code, original, 'python');
});
// A partial redraw while streaming: the answer cut at a random point, re-extracted.
const cuts = Array.from({ length: 200 }, (_, i) => Math.floor((answer.length * (i + 1)) / 201));
let cut = 0;
const partial = measure(200, () => {
  const extraction = extractCode(answer.slice(0, cuts[cut++ % cuts.length]), { original, languageId: 'python' });
  if (extraction.kind === 'code') fitToRange(extraction.code, original, '\n');
});
const tracking = measure(10_000, () => trackRange({ start: 5_000, end: 9_000, lost: false }, [{ rangeOffset: 100, rangeLength: 0, text: 'x' }, { rangeOffset: 12_000, rangeLength: 3, text: '' }]));

console.log(`[bench] a ${rewrite.split('\n').length}-line rewrite in a ${answer.length}-character answer with a usage example`);
console.log(`[figure] action_extract_fit_300_lines_p50_ms=${final.p50.toFixed(2)}`);
console.log(`[figure] action_extract_fit_300_lines_p99_ms=${final.p99.toFixed(2)}`);
console.log(`[figure] action_partial_redraw_p50_ms=${partial.p50.toFixed(2)}`);
console.log(`[figure] action_partial_redraw_p99_ms=${partial.p99.toFixed(2)}`);
console.log(`[figure] action_track_edit_p50_us=${(tracking.p50 * 1000).toFixed(1)}`);
