/**
 * Golden post-processing cases: the model's raw answer and the ghost text a user
 * should see (or none). One test per fixture, named by its id.
 * Fixtures: test/fixtures/completion/*.jsonl (Tabby's goldens, converted, and our own).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { MultilineMode } from '../../../src/core/settings';
import { postprocess } from '../../../src/core/completion/postprocess';

interface GoldenCase {
  readonly id: string;
  readonly language: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly raw: string;
  readonly expected: string | null;
  readonly replaceSuffixChars?: number;
  readonly multiline?: MultilineMode;
  readonly why: string;
  readonly source: string;
}

const dir = join(import.meta.dirname, '../../fixtures/completion');

function load(file: string): GoldenCase[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GoldenCase);
}

const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();

test('the golden set is broad enough to mean something', () => {
  const all = files.flatMap(load);
  assert.ok(all.length >= 40, `only ${all.length} cases`);
  assert.ok(new Set(all.map((c) => c.language)).size >= 5, 'fewer than 5 languages');
  assert.equal(new Set(all.map((c) => c.id)).size, all.length, 'duplicate ids');
  for (const c of all) assert.ok(c.source && c.why, `${c.id} lacks source or why`);
});

for (const file of files) {
  describe(file, () => {
    for (const c of load(file)) {
      test(c.id, () => {
        const result = postprocess(c.raw, { prefix: c.prefix, suffix: c.suffix, languageId: c.language, multiline: c.multiline ?? 'auto' });
        if (c.expected === null) {
          assert.equal(result.kind, 'dropped', `expected no completion (${c.why}), got ${JSON.stringify(result)}`);
          return;
        }
        assert.deepEqual(result, { kind: 'ok', text: c.expected, replaceSuffixChars: c.replaceSuffixChars ?? 0 }, c.why);
      });
    }
  });
}
