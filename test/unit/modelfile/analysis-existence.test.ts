/**
 * The Modelfile analysis asks whether FROM and ADAPTER paths exist on every
 * edit. Typing must not stat the disk per keystroke, yet a file that appears
 * is noticed at the next edit once the earlier answer is older than its limit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EXISTENCE_MAX_AGE_MS, EXISTENCE_MAX_ENTRIES, RecentExistence } from '../../../src/core/modelfile/recent-existence';
import { Analyses } from '../../../src/server/features/modelfile/analysis';

function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function disk(files: Set<string>) {
  const asked: string[] = [];
  return { asked, exists: (path: string) => (asked.push(path), files.has(path)) };
}

const missing = (analyses: Analyses, document: TextDocument) =>
  analyses.get(document).diagnostics.filter((d) => d.message.endsWith('does not exist')).map((d) => d.message);

describe('FROM path existence in the Modelfile analysis', () => {
  it('a burst of typing asks the disk about the FROM path once; a file that appears is reported at the first edit after the limit', () => {
    const clock = manualClock();
    const files = new Set<string>();
    const fs = disk(files);
    const analyses = new Analyses({ exists: fs.exists, clock });
    let text = 'FROM /models/w.gguf\nSYSTEM ';
    let version = 1;
    const edit = (more: string) => {
      text += more;
      return TextDocument.create('file:///work/Modelfile', 'modelfile', version++, text);
    };

    assert.deepEqual(missing(analyses, edit('')), ['/models/w.gguf does not exist']);
    for (const letter of 'terse') {
      clock.advance(100);
      assert.deepEqual(missing(analyses, edit(letter)), ['/models/w.gguf does not exist']);
    }
    assert.deepEqual(fs.asked, ['/models/w.gguf'], 'six analyses, one look at the disk');

    files.add('/models/w.gguf');
    clock.advance(EXISTENCE_MAX_AGE_MS);
    assert.deepEqual(missing(analyses, edit('!')), [], 'the file that appeared is found');
    assert.equal(fs.asked.length, 2);
  });
});

describe('RecentExistence', () => {
  it('keeps at most its bound of answers, dropping the oldest first', () => {
    const clock = manualClock();
    const fs = disk(new Set());
    const existence = new RecentExistence(fs.exists, clock);
    for (let i = 0; i <= EXISTENCE_MAX_ENTRIES; i++) existence.has(`/p${i}`);
    existence.has(`/p${EXISTENCE_MAX_ENTRIES}`);
    existence.has('/p1');
    assert.equal(fs.asked.length, EXISTENCE_MAX_ENTRIES + 1, 'the newest answers are still known');
    existence.has('/p0');
    assert.equal(fs.asked.at(-1), '/p0', 'the oldest was dropped and is asked again');
  });
});
