/**
 * The streaming markdown renderer in a DOM (happy-dom): however the answer is
 * cut into chunks, the user ends up with the same DOM as if it had arrived at
 * once, and finished blocks are not re-rendered while the rest streams.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Window } from 'happy-dom';
import { IncrementalRenderer } from '../../../src/webview/render/incremental';
import { createMarkdown } from '../../../src/webview/render/markdown';

const ANSWER = [
  '# Reading a CSV file',
  '',
  'Here is how to read it with **pandas** and with the `csv` module:',
  '',
  '```python',
  'import csv',
  '',
  'with open("data.csv") as f:',
  '    for row in csv.reader(f):',
  '        print(row)',
  '```',
  '',
  '1. Open the file.',
  '',
  '2. Iterate the rows.',
  '   - each row is a list',
  '',
  '3. Close it (the `with` does).',
  '',
  '> Note: a quote that',
  'continues lazily.',
  '',
  '| col | value |',
  '| --- | ----- |',
  '| a   | 1     |',
  '',
  'See [the docs](https://docs.python.org/3/library/csv.html) and ![chart](https://attacker.example/x.png).',
  '',
  '    indented code',
  '',
  '~~~',
  'tilde fence with ``` inside',
  '~~~',
  '',
  'The end <script>alert(1)</script>.',
  '',
].join('\n');

describe('IncrementalRenderer', () => {
  const window = new Window();
  after(() => window.happyDOM.close());
  const document = window.document as unknown as Document;
  const md = createMarkdown();
  // DOMPurify misreads happy-dom's elements (it unwraps the first one), so here the HTML is
  // parsed as is; the sanitiser runs in real Chromium in the e2e XSS test.
  const sanitize = (html: string): DocumentFragment => {
    const t = document.createElement('template');
    t.innerHTML = html;
    return t.content;
  };

  function renderChunks(chunks: readonly string[], renderEach = true): string {
    const root = document.createElement('div');
    const r = new IncrementalRenderer(root, md, sanitize);
    for (const c of chunks) {
      r.append(c);
      if (renderEach) r.render();
    }
    r.render();
    return root.innerHTML;
  }

  const whole = renderChunks([ANSWER]);

  test('the whole answer renders with code, list, table, and no live script or image', () => {
    assert.match(whole, /<code class="hljs language-python">/);
    assert.match(whole, /<ol>/);
    assert.match(whole, /<table>/);
    assert.ok(!/<script/i.test(whole), 'raw HTML is text');
    assert.match(whole, /&lt;script&gt;/);
    assert.ok(!/<img/i.test(whole), 'remote images are not loaded');
    assert.match(whole, /image-url">https:\/\/attacker\.example\/x\.png/);
  });

  test('splitting at every position gives the same DOM as rendering it whole', () => {
    for (let i = 1; i < ANSWER.length; i++) {
      const got = renderChunks([ANSWER.slice(0, i), ANSWER.slice(i)]);
      if (got !== whole) assert.equal(got, whole, `differs when split at ${i} (${JSON.stringify(ANSWER.slice(i - 5, i + 5))})`);
    }
  });

  test('one character a chunk, rendered every few characters, gives the same DOM', () => {
    const root = document.createElement('div');
    const r = new IncrementalRenderer(root, md, sanitize);
    [...ANSWER].forEach((ch, i) => {
      r.append(ch);
      if (i % 7 === 0) r.render();
    });
    r.render();
    assert.equal(root.innerHTML, whole);
  });

  test('finished blocks are rendered once: their nodes survive while the tail keeps streaming', () => {
    const root = document.createElement('div');
    const r = new IncrementalRenderer(root, md, sanitize);
    r.append('First paragraph.\n\nSecond');
    r.render();
    r.append(' line.\n');
    r.render();
    const first = root.firstElementChild;
    assert.equal(first?.textContent, 'First paragraph.\n', 'a block is finished once the next block\'s first line is complete');
    for (const w of [' paragraph', ' grows', ' and grows.\n\nThird.\n']) {
      r.append(w);
      r.render();
      assert.equal(root.firstElementChild, first, 'the finished block is the same node');
    }
    assert.equal(root.children.length, 3);
  });
});
