/**
 * The adaptive debounce on its own, without an editor: seeded typing traces (the
 * VS Code bench's rhythm, many seeds) delivered to AdaptiveDebounce with an
 * editor-to-server delay that jitters (exponential, mean J ms). Prints, per jitter:
 * generations started per pause (1 + the false starts) and when the pause's
 * generation starts after the key was typed. Figures in milliseconds of a model
 * of the delivery, not of a real editor: test/bench/vscode-completion.mjs measures that.
 *   node --import tsx test/bench/debounce-bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdaptiveDebounce } from '../../src/core/completion/debounce';
import { pythonBenchTrace, seededRandom } from './typing-trace';

const BASE_MS = 150;
/** The editor's fixed delay from key to server; the jitter comes on top. */
const DELIVERY_MS = 20;
const TRACES = 20;
const PAUSES = 30;

const source = readFileSync(join(import.meta.dirname, 'fixtures/typed-source.py.txt'), 'utf8');

function run(traceSeed: number, jitterMs: number): { generationsPerPause: number; startMs: number } {
  const trace = pythonBenchTrace(source, traceSeed);
  const random = seededRandom(traceSeed * 31 + 7);
  const typedAt: number[] = [];
  const arrives: number[] = [];
  let t = 0;
  for (const key of trace.keys) {
    t += key.delayMs;
    typedAt.push(t);
    // In order, as a connection delivers them.
    const lag = DELIVERY_MS - jitterMs * Math.log(1 - random());
    arrives.push(Math.max(t + lag, (arrives.at(-1) ?? 0) + 1));
  }
  const debounce = new AdaptiveDebounce();
  let pauses = 0;
  let falseStarts = 0;
  let startSum = 0;
  for (let i = 0; i < trace.keys.length && pauses < PAUSES; i++) {
    const now = arrives[i]!;
    debounce.observe(now);
    const start = now + debounce.delayMs({ baseMs: BASE_MS, adaptive: true });
    const next = arrives[i + 1];
    if (next !== undefined && next <= start) continue;
    if (trace.keys[i]!.pauseAfter) {
      pauses++;
      startSum += start - typedAt[i]!;
      debounce.shown();
    } else {
      falseStarts++;
      // As the engine does: the next key aborts the generation, and counts it when it continues the burst.
      if (next !== undefined && debounce.inBurst(next)) debounce.falseStart();
    }
  }
  return { generationsPerPause: (pauses + falseStarts) / pauses, startMs: startSum / pauses };
}

console.log(`[bench:debounce] ${TRACES} traces x ${PAUSES} pauses, keys 60-180 ms apart, delivered ${DELIVERY_MS} ms + jitter later`);
for (const jitter of [0, 10, 30, 60]) {
  let generations = 0;
  let start = 0;
  for (let seed = 1; seed <= TRACES; seed++) {
    const r = run(seed, jitter);
    generations += r.generationsPerPause;
    start += r.startMs;
  }
  console.log(
    `[bench:debounce]   jitter mean ${String(jitter).padStart(2)} ms: generations per pause ${(generations / TRACES).toFixed(2)}, a pause's generation starts ${Math.round(start / TRACES)} ms after its last key`,
  );
}
