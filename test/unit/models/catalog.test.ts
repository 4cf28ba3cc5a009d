import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog, parseCatalog, unverifiedFacts, type CatalogRow } from '../../../src/core/models/catalog';

const catalog = loadCatalog();
const UNVERIFIED_SOURCE = /unverified|secondary|assumed|approximate|reportedly/i;

test('every catalog entry has a role, a size, a context and memory figures', () => {
  assert.ok(catalog.entries.length >= 40, `only ${catalog.entries.length} entries`);
  for (const entry of catalog.entries) {
    assert.ok(entry.roles.length > 0, `${entry.name} has no role`);
    assert.ok(entry.sizeGb > 0 && entry.context > 0, `${entry.name} lacks size or context`);
    assert.ok(entry.minRamGb >= entry.sizeGb, `${entry.name}: min RAM below the download size`);
    assert.ok(entry.vramGb >= entry.sizeGb, `${entry.name}: VRAM below the download size`);
  }
});

test('a fact is only marked verified when its source does not say otherwise', () => {
  for (const entry of catalog.entries) {
    for (const fact of ['size', 'context', 'fim'] as const) {
      if (entry.verified[fact]) {
        assert.doesNotMatch(entry.sources[fact], UNVERIFIED_SOURCE, `${entry.name} ${fact} marked verified`);
      }
    }
    if (entry.fim === 'unverified') assert.equal(entry.verified.fim, false, entry.name);
    if (entry.name.startsWith('huihui_ai/')) assert.equal(entry.verified.name, false, `${entry.name}: community name`);
  }
  // Most sizes are from memory in the reference; the labels must say so.
  assert.ok(catalog.entries.filter((e) => unverifiedFacts(e).includes('size')).length > catalog.entries.length / 2);
});

test('completion entries can fill in the middle or say it is unverified; no completion entry is FIM-less', () => {
  for (const entry of catalog.entries.filter((e) => e.roles.includes('completion'))) {
    assert.notEqual(entry.fim, false, `${entry.name} is a completion model without FIM`);
  }
});

test('the qwen2.5-coder base tags recommended for FIM are present, completion-only, and labelled as added', () => {
  for (const name of ['qwen2.5-coder:1.5b-base', 'qwen2.5-coder:7b-base']) {
    const entry = catalog.find(name);
    assert.ok(entry, `${name} missing`);
    assert.equal(entry.fim, true);
    assert.deepEqual(entry.roles, ['completion']);
    assert.equal(entry.uncensored, 'base');
    assert.equal(entry.verified.size, false);
    assert.match(entry.sources.size, /added by Unbound/);
  }
});

test('the uncensored chat families of the brief are in the catalog', () => {
  for (const name of [
    'dolphin3:8b',
    'dolphin-mistral:7b',
    'llama2-uncensored:7b',
    'wizard-vicuna-uncensored:13b',
    'huihui_ai/qwen3-abliterated:8b',
    'huihui_ai/deepseek-r1-abliterated:14b',
    'nous-hermes2:10.7b',
    'deepseek-r1:7b',
  ]) {
    const entry = catalog.find(name);
    assert.ok(entry?.roles.includes('chat'), `${name} missing or not a chat model`);
  }
  assert.equal(catalog.find('dolphin3:8b')?.uncensored, true);
  // The stock R1 distills are not uncensored: the catalog must not claim they are.
  assert.equal(catalog.find('deepseek-r1:7b')?.uncensored, false);
  assert.equal(catalog.find('deepseek-r1:7b')?.thinking, true);
});

test('find() matches full tags only; a bare name means :latest', () => {
  assert.equal(catalog.find(' dolphin3:8b ')?.name, 'dolphin3:8b');
  assert.equal(catalog.find('dolphin3'), undefined);
});

test('a malformed row is rejected with the entry name', () => {
  const good = catalog.entries[0]!;
  const row: CatalogRow = {
    name: 'broken:1b', family: 'x', parameters: '1B', size_gb: 1, size_source: 's', context: 2048, context_source: 'c',
    fim: 'maybe', fim_source: 'f', thinking: false, uncensored: true, uncensored_source: 'u', roles: ['chat'],
    min_ram_gb: 4, vram_gb: 2, tier: 1, name_source: 'n', verified: good.verified,
  };
  assert.throws(() => parseCatalog([row]), /broken:1b: fim maybe/);
  assert.throws(() => parseCatalog([{ ...row, fim: false, roles: [] }]), /broken:1b: no role/);
  assert.throws(() => parseCatalog([{ ...row, fim: false }, { ...row, fim: false }]), /duplicate entry broken:1b/);
});
