import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/models/catalog';
import { catalogDescription, installedDescription, loadedDescription } from '../../../src/core/models/model-labels';
import type { Capability, InstalledModel, ModelInfo } from '../../../src/core/ollama/types';

const model: InstalledModel = {
  name: 'qwen2.5-coder:7b',
  sizeBytes: 4_683_087_332,
  modifiedAt: '2025-05-10T08:06:48.63-07:00',
  digest: 'abc',
  details: { family: 'qwen2', parameterSize: '7.6B', quantizationLevel: 'Q4_K_M' },
  remote: false,
};
const info = (caps: Capability[]): ModelInfo => ({
  name: model.name, capabilities: new Set(caps), capabilitiesInferred: false, template: '', details: model.details, parameters: '', system: '',
});

test('an installed model reads "size · parameters · quantization · badges"', () => {
  assert.equal(installedDescription(model, info(['completion', 'insert', 'tools'])), '4.7 GB · 7.6B · Q4_K_M · FIM · tools');
  assert.equal(installedDescription(model, info(['completion', 'thinking', 'vision'])), '4.7 GB · 7.6B · Q4_K_M · thinking · vision');
  // Capabilities not known yet: no badges rather than wrong ones.
  assert.equal(installedDescription(model, undefined), '4.7 GB · 7.6B · Q4_K_M');
});

test('a loaded model says where it runs and when it unloads', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  const base = { name: 'x', sizeBytes: 5_137_025_024, contextLength: 4096 };
  assert.equal(loadedDescription({ ...base, vramBytes: 5_137_025_024, expiresAt: '2026-01-01T12:25:00Z' }, now), 'in VRAM (5.1 GB) · unloads in 25 min');
  assert.equal(loadedDescription({ ...base, vramBytes: 3_000_000_000, expiresAt: '2026-01-01T12:00:30Z' }, now), 'partly on CPU (3.0 GB of 5.1 GB in VRAM) · unloads in 30 s');
  assert.equal(loadedDescription({ ...base, vramBytes: 0, expiresAt: '2318-01-01T00:00:00Z' }, now), 'on CPU (5.1 GB) · kept loaded');
});

test('a catalog entry says roles, traits and which facts are unverified', () => {
  const catalog = loadCatalog();
  assert.equal(catalogDescription(catalog.find('dolphin3:8b')!), '4.9 GB · chat · uncensored · size, context unverified');
  assert.equal(catalogDescription(catalog.find('codellama:7b-code')!), '3.8 GB · completion · FIM');
  assert.equal(catalogDescription(catalog.find('starcoder2:3b')!), '1.7 GB · completion · FIM unverified · size, context unverified');
  assert.match(catalogDescription(catalog.find('huihui_ai/deepseek-r1-abliterated:8b')!), /^4\.9 GB · chat · uncensored · thinking · name, size, context unverified$/);
});
