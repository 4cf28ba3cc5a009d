/**
 * Golden cases through post-processing alone: the model's whole answer in, the
 * ghost text out. engine-golden.test.ts runs the same cases the way the engine
 * serves them (stream, early stop, post-processing).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { postprocess } from '../../../src/core/completion/postprocess';
import { goldenFiles, loadGolden } from './golden-cases';

test('the golden set is broad enough to mean something', () => {
  const all = goldenFiles.flatMap(loadGolden);
  assert.ok(all.length >= 40, `only ${all.length} cases`);
  assert.ok(new Set(all.map((c) => c.language)).size >= 5, 'fewer than 5 languages');
  assert.equal(new Set(all.map((c) => c.id)).size, all.length, 'duplicate ids');
  for (const c of all) assert.ok(c.source && c.why, `${c.id} lacks source or why`);
});

for (const file of goldenFiles) {
  describe(file, () => {
    for (const c of loadGolden(file)) {
      test(c.id, () => {
        const result = postprocess(c.raw, { prefix: c.prefix, suffix: c.suffix, languageId: c.language, multiline: c.multiline ?? 'auto' });
        if (c.expected === null) {
          assert.equal(result.kind, 'dropped', `expected no completion (${c.why}), got ${JSON.stringify(result)}`);
          // Which step drops a case that names its model depends on the model's stop strings: only the engine test knows them.
          if (c.droppedBy && !c.model && result.kind === 'dropped') assert.ok(result.reason.includes(c.droppedBy), `${result.reason} should name ${c.droppedBy}`);
          return;
        }
        assert.deepEqual(result, { kind: 'ok', text: c.expected, replaceSuffixChars: c.replaceSuffixChars ?? 0 }, c.why);
      });
    }
  });
}
