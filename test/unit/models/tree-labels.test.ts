/** The models view at its default width: what matters first, caveats in the tooltip. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalog } from '../../../src/core/models/catalog';
import type { Recommendation } from '../../../src/core/models/recommend';
import type { Capability, InstalledModel, ModelInfo } from '../../../src/core/ollama/types';
import { fitsMachine, installedDetails, installedRow, recommendedRow, recommendedTooltipLines } from '../../../src/features/models/tree-labels';

const catalog = loadCatalog();
const model: InstalledModel = {
  name: 'qwen2.5-coder:1.5b-base',
  sizeBytes: 986_000_000,
  modifiedAt: '2025-05-10T08:06:48.63-07:00',
  digest: 'abc',
  details: { family: 'qwen2', parameterSize: '1.5B', quantizationLevel: 'Q4_K_M' },
  remote: false,
};
const info = (caps: Capability[]): ModelInfo => ({
  name: model.name, capabilities: new Set(caps), capabilitiesInferred: false, template: '', details: model.details, parameters: '', system: '',
});

test('an installed row starts with its role, then FIM, then the size; the rest is in the tooltip', () => {
  assert.equal(installedRow(model, info(['completion', 'insert']), ['completion']), 'completion · FIM · 986 MB');
  assert.equal(installedRow(model, info(['completion', 'tools']), ['chat']), 'chat · 986 MB');
  assert.equal(installedRow(model, info(['completion', 'insert']), []), 'FIM · 986 MB');
  assert.equal(installedDetails(model, info(['completion', 'insert', 'tools'])), '986 MB · 1.5B · Q4_K_M · FIM · tools');
});

test('a recommended row says the role and size; "unverified" catalog caveats live in the tooltip only', () => {
  const entry = catalog.find('dolphin3:8b')!;
  const rec: Recommendation = { entry, role: 'chat', reason: 'uncensored; fits in 16 GB RAM', installed: false };
  assert.equal(recommendedRow(rec), 'for chat · uncensored · 4.9 GB');
  assert.ok(!/unverified|name, size/.test(recommendedRow(rec)));
  const tooltip = recommendedTooltipLines(rec).join('\n');
  assert.match(tooltip, /uncensored; fits in 16 GB RAM/);
  assert.match(tooltip, /not checked against ollama\.com: .*size/);
  const completion = catalog.find('qwen2.5-coder:1.5b-base')!;
  assert.equal(recommendedRow({ entry: completion, role: 'completion', reason: 'r', installed: true }), 'for completion · 1 GB');
});

test('once the hardware is known, a model too big for this machine says so first', () => {
  const big: InstalledModel = { ...model, name: 'qwen2.5-coder:14b', sizeBytes: 9_000_000_000 };
  const gpu8 = { kind: 'gpu', gb: 8, gpuName: 'RTX 3070' } as const;
  assert.equal(installedRow(big, info(['completion', 'insert']), [], gpu8), 'too big · FIM · 9.0 GB');
  assert.equal(installedRow(model, info(['completion', 'insert']), ['completion'], gpu8), 'completion · FIM · 986 MB');
  assert.equal(fitsMachine(big, undefined), undefined, 'unknown until the hardware was looked at');
  assert.equal(fitsMachine(big, { kind: 'cpu', gb: 16 }), true);
});
