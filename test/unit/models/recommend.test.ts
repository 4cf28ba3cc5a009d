import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/models/catalog';
import type { Hardware } from '../../../src/core/models/hardware';
import { recommend } from '../../../src/core/models/recommend';

const catalog = loadCatalog();
const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** What os.totalmem() really reports: a bit under the nominal size. */
const ram = (gb: number): number => Math.round(gb * GiB * 0.96);

test('8 GB RAM, no GPU: a small FIM base model for completion and uncensored chat models that fit in RAM', () => {
  const hw: Hardware = { totalRamBytes: ram(8), gpus: [], unifiedMemory: false };
  const rec = recommend(catalog, hw, []);
  assert.deepEqual(rec.budget, { kind: 'cpu', gb: 8 });
  assert.equal(rec.completion?.entry.name, 'qwen2.5-coder:1.5b-base');
  assert.match(rec.completion.reason, /CPU/);
  assert.ok(rec.chat.length >= 1);
  for (const pick of rec.chat) {
    assert.equal(pick.entry.uncensored, true, pick.entry.name);
    assert.ok(pick.entry.minRamGb <= 8, `${pick.entry.name} needs ${pick.entry.minRamGb} GB`);
    assert.match(pick.reason, /8 GB RAM/);
  }
});

test('16 GB RAM + 8 GB VRAM: completion and chat fit in VRAM together', () => {
  const hw: Hardware = { totalRamBytes: ram(16), gpus: [{ name: 'NVIDIA GeForce RTX 3070', vramBytes: 8192 * MiB }], unifiedMemory: false };
  const rec = recommend(catalog, hw, []);
  assert.equal(rec.budget.kind, 'gpu');
  assert.equal(rec.budget.gb, 8);
  const completion = rec.completion!;
  assert.equal(completion.entry.name, 'qwen2.5-coder:1.5b-base');
  assert.match(completion.reason, /fits in 8 GB VRAM \(NVIDIA GeForce RTX 3070\)/);
  assert.ok(rec.chat.length >= 2);
  assert.equal(rec.chat[0]!.entry.name, 'dolphin3:8b');
  for (const pick of rec.chat) {
    assert.ok(completion.entry.vramGb + pick.entry.vramGb <= 8, `${pick.entry.name} does not fit next to completion`);
    assert.equal(pick.entry.uncensored, true);
  }
  // Different families, so the list offers a real choice.
  assert.equal(new Set(rec.chat.map((p) => p.entry.family)).size, rec.chat.length);
});

test('64 GB RAM + 24 GB VRAM: the 7B base model for completion and 14B-class chat models', () => {
  const hw: Hardware = { totalRamBytes: ram(64), gpus: [{ name: 'NVIDIA GeForce RTX 4090', vramBytes: 24564 * MiB }], unifiedMemory: false };
  const rec = recommend(catalog, hw, []);
  assert.equal(rec.completion?.entry.name, 'qwen2.5-coder:7b-base');
  const best = rec.chat[0]!;
  assert.ok(best.entry.vramGb > 8, `${best.entry.name} is small for 24 GB`);
  assert.ok(best.entry.vramGb + rec.completion.entry.vramGb <= 24);
  assert.equal(best.entry.uncensored, true);
  assert.match(best.reason, /24 GB VRAM/);
});

test('a second, smaller GPU does not enlarge the budget', () => {
  const hw: Hardware = {
    totalRamBytes: ram(32),
    gpus: [{ name: 'small', vramBytes: 4096 * MiB }, { name: 'big', vramBytes: 12288 * MiB }],
    unifiedMemory: false,
  };
  const rec = recommend(catalog, hw, []);
  assert.deepEqual(rec.budget, { kind: 'gpu', gb: 12, gpuName: 'big' });
});

test('Apple silicon sizes for unified memory, not for the whole RAM', () => {
  const hw: Hardware = { totalRamBytes: 16 * GiB, gpus: [], unifiedMemory: true };
  const rec = recommend(catalog, hw, []);
  assert.equal(rec.budget.kind, 'unified');
  assert.equal(rec.budget.gb, 12);
  for (const pick of rec.chat) assert.ok(pick.entry.vramGb + (rec.completion?.entry.vramGb ?? 0) <= 12);
  assert.match(rec.chat[0]!.reason, /16 GB unified memory/);
});

test('installed models are flagged, whatever tag spelling', () => {
  const hw: Hardware = { totalRamBytes: ram(16), gpus: [{ name: 'gpu', vramBytes: 8192 * MiB }], unifiedMemory: false };
  const rec = recommend(catalog, hw, ['qwen2.5-coder:1.5b-base', 'dolphin3:8b']);
  assert.equal(rec.completion?.installed, true);
  assert.equal(rec.chat.find((p) => p.entry.name === 'dolphin3:8b')?.installed, true);
  assert.ok(rec.chat.some((p) => !p.installed));
});

test('a machine too small for anything gets no picks rather than ones that will not run', () => {
  const hw: Hardware = { totalRamBytes: ram(2), gpus: [], unifiedMemory: false };
  const rec = recommend(catalog, hw, []);
  assert.equal(rec.completion, undefined);
  assert.deepEqual(rec.chat, []);
});

test('23 GB RAM, no GPU (a 2-core VM): small models that answer at a usable speed, smallest band first; never a 14B', () => {
  const hw: Hardware = { totalRamBytes: 23 * GiB, gpus: [], unifiedMemory: false };
  const rec = recommend(catalog, hw, []);
  assert.equal(rec.budget.kind, 'cpu');
  assert.equal(rec.completion?.entry.name, 'qwen2.5-coder:1.5b-base');
  assert.equal(rec.chat.length, 3);
  for (const pick of rec.chat) assert.ok(pick.entry.sizeGb <= 5, `${pick.entry.name} is ${pick.entry.sizeGb} GB: too slow on a CPU`);
  // The first two are the fast ones; the reasons say which is slow.
  assert.ok(rec.chat[0]!.entry.sizeGb <= 3 && rec.chat[1]!.entry.sizeGb <= 3, rec.chat.map((p) => p.entry.name).join(', '));
  assert.match(rec.chat[0]!.reason, /readable pace on the CPU/);
  assert.match(rec.chat[2]!.reason, /slowly on the CPU/);
});
