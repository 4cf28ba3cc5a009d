import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PullProgressLine } from '../../../src/core/ollama/types';
import { PullProgress, formatPullProgress, phaseOf } from '../../../src/core/models/pull-progress';

/** A fake clock the test moves by hand. */
function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

const MODEL = 'sha256:6e4c38e1172f42fdbff13edf9a7a017679fb82b0fde415a3e8b3c31c6ed4a4e4';
const TEMPLATE = 'sha256:832dd9e00a68dd83b3c3fb9f5588dad7dcf337a0db50f7d9483f310cd292e92e';
const LICENSE = 'sha256:ae370d884f108d16e7cc8fd5259ebc5773a0afa6e078b11f4ed7e39a27e0dfc4';
const MODEL_SIZE = 4_683_073_184;

// Recorded shape of an Ollama pull: manifest, concurrent layer lines, then the tail.
const head: PullProgressLine[] = [
  { status: 'pulling manifest' },
  { status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE },
  { status: 'pulling 832dd9e00a68', digest: TEMPLATE, total: 11_338 },
  { status: 'pulling ae370d884f10', digest: LICENSE, total: 1_064, completed: 1_064 },
];
const tail: PullProgressLine[] = [
  { status: 'verifying sha256 digest' },
  { status: 'writing manifest' },
  { status: 'removing unused layers' },
  { status: 'success' },
];

test('concurrent layers are summed per digest, repeated lines for a digest are not double counted', () => {
  const clock = fakeClock();
  const progress = new PullProgress({ now: clock.now });
  for (const line of head) progress.push(line);
  progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 1_000_000_000 });
  progress.push({ status: 'pulling 832dd9e00a68', digest: TEMPLATE, total: 11_338, completed: 11_338 });
  const snap = progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 1_200_000_000 });
  assert.equal(snap.totalBytes, MODEL_SIZE + 11_338 + 1_064);
  assert.equal(snap.completedBytes, 1_200_000_000 + 11_338 + 1_064);
  assert.equal(snap.phase, 'downloading');
  assert.ok(snap.fraction! > 0.25 && snap.fraction! < 0.26);
});

test('rate and ETA follow a steady download under a fake clock', () => {
  const clock = fakeClock();
  const progress = new PullProgress({ now: clock.now, windowMs: 5000 });
  for (const line of head) progress.push(line);
  let snap = progress.snapshot();
  // 85 MB/s for 12 seconds, one line every 250 ms.
  for (let i = 1; i <= 48; i++) {
    clock.advance(250);
    snap = progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: i * 21_250_000 });
  }
  assert.ok(Math.abs(snap.bytesPerSecond! - 85_000_000) < 1, `rate ${snap.bytesPerSecond}`);
  const remaining = snap.totalBytes - snap.completedBytes;
  assert.ok(Math.abs(snap.etaSeconds! - remaining / 85_000_000) < 0.01);
  assert.equal(formatPullProgress(snap), '1.0 GB / 4.7 GB · 85 MB/s · 43 s left');
});

test('the rate reflects the last window, so a slowdown shows within seconds', () => {
  const clock = fakeClock();
  const progress = new PullProgress({ now: clock.now, windowMs: 4000 });
  progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 0 });
  let completed = 0;
  for (let i = 0; i < 20; i++) {
    clock.advance(500);
    completed += 50_000_000; // 100 MB/s
    progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed });
  }
  let snap = progress.snapshot();
  for (let i = 0; i < 10; i++) {
    clock.advance(500);
    completed += 5_000_000; // 10 MB/s
    snap = progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed });
  }
  assert.ok(snap.bytesPerSecond! < 12_000_000, `rate still ${snap.bytesPerSecond}`);
});

test('no rate (and no ETA) before a second of samples: no absurd first figure', () => {
  const clock = fakeClock();
  const progress = new PullProgress({ now: clock.now });
  progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 0 });
  clock.advance(100);
  const snap = progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 50_000_000 });
  assert.equal(snap.bytesPerSecond, undefined);
  assert.equal(snap.etaSeconds, undefined);
  assert.equal(formatPullProgress(snap), '50 MB / 4.7 GB');
});

test('a resumed pull counts bytes from the earlier attempt as done but not as speed', () => {
  const clock = fakeClock();
  const progress = new PullProgress({ now: clock.now });
  progress.push({ status: 'pulling manifest' });
  progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 3_000_000_000 });
  for (let i = 1; i <= 8; i++) {
    clock.advance(250);
    progress.push({ status: 'pulling 6e4c38e1172f', digest: MODEL, total: MODEL_SIZE, completed: 3_000_000_000 + i * 5_000_000 });
  }
  const snap = progress.snapshot();
  assert.equal(snap.resumedBytes, 3_000_000_000);
  assert.ok(Math.abs(snap.bytesPerSecond! - 20_000_000) < 1, `rate ${snap.bytesPerSecond}`);
  assert.match(formatPullProgress(snap), /^3\.0 GB \/ 4\.7 GB · 20 MB\/s · 1 min left$/);
});

test('the tail of a pull reads as phases in words', () => {
  const progress = new PullProgress({ now: () => 0 });
  assert.equal(formatPullProgress(progress.push(head[0]!)), 'Pulling manifest…');
  for (const line of head.slice(1)) progress.push(line);
  const texts = tail.map((line) => formatPullProgress(progress.push(line)));
  assert.deepEqual(texts, ['Verifying download…', 'Writing manifest…', 'Removing unused layers…', 'Done']);
  // Totals survive the tail, for the final "4.7 GB downloaded" message.
  assert.equal(progress.snapshot().totalBytes, MODEL_SIZE + 11_338 + 1_064);
});

test('older servers say "removing any unused layers"; unknown statuses are shown as sent', () => {
  assert.equal(phaseOf({ status: 'removing any unused layers' }), 'cleanup');
  const progress = new PullProgress({ now: () => 0 });
  assert.equal(formatPullProgress(progress.push({ status: 'retrieving model' })), 'retrieving model');
});
