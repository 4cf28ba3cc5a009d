/**
 * The context window: what part of the document goes into the prompt. What a
 * user notices: completions stay fast in huge files, and consecutive keystrokes
 * reuse Ollama's prompt cache (the same prefix start), so typing does not make
 * every request re-read the whole prompt.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ContextBudget, TextSnapshot } from '../../../src/core/completion/api';
import { contextWindow, estimateTokens, prefixGrid, relatedSnippets } from '../../../src/core/completion/context';

/** A document over a string that counts what is read from it. */
class CountingDoc implements TextSnapshot {
  calls = 0;
  charsRead = 0;
  constructor(private readonly text: string) {}
  get length(): number {
    return this.text.length;
  }
  slice(start: number, end: number): string {
    this.calls++;
    const s = this.text.slice(start, end);
    this.charsRead += s.length;
    return s;
  }
}

function codeDoc(lines: number): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(i % 7 === 0 ? `function f${i}(a, b) {` : i % 7 === 6 ? '}' : `  const v${i} = a * ${i} + b; // step ${i}`);
  return out.join('\n') + '\n';
}

const budget: ContextBudget = { prefixTokens: 1500, suffixTokens: 500 };

describe('estimateTokens', () => {
  test('about 3.5 characters a token for ordinary text; nothing for nothing', () => {
    assert.equal(estimateTokens(''), 0);
    const words = 'alpha beta gamma delta '.repeat(200);
    const estimate = estimateTokens(words);
    assert.ok(estimate > words.length / 5 && estimate < words.length / 3, `${estimate} for ${words.length} chars`);
  });

  test('indentation is cheap, punctuation is dear', () => {
    const indented = '                x\n'.repeat(100);
    assert.ok(estimateTokens(indented) < indented.length / 3.5, 'runs of spaces merge into few tokens');
    const minified = '!function(e,t){"use strict";var n=[],r=Object.getPrototypeOf,o=n.slice}'.repeat(20);
    const prose = 'the quick brown fox jumps over the lazy dog and '.repeat(30).slice(0, minified.length);
    assert.ok(estimateTokens(minified) > estimateTokens(prose));
  });
});

describe('contextWindow', () => {
  test('a small document fits whole: prefix from its start, suffix to its end', () => {
    const text = 'def f(x):\n    return x\n\nprint(f(1))\n';
    const offset = text.indexOf('return') + 'return'.length;
    const w = contextWindow(new CountingDoc(text), offset, budget);
    assert.deepEqual(w, { prefix: text.slice(0, offset), suffix: text.slice(offset), prefixStart: 0, suffixEnd: text.length });
  });

  test('the prompt fits the budget and the prefix starts at a line start', () => {
    const text = codeDoc(5000);
    const offset = Math.floor(text.length / 2);
    const w = contextWindow(new CountingDoc(text), offset, budget);
    assert.ok(estimateTokens(w.prefix) <= budget.prefixTokens);
    assert.ok(estimateTokens(w.suffix) <= budget.suffixTokens);
    assert.ok(w.prefix.length > 1000, 'the budget is used, not wasted');
    assert.equal(text[w.prefixStart - 1], '\n');
    assert.equal(text.slice(w.prefixStart, offset), w.prefix);
    assert.equal(text.slice(offset, w.suffixEnd), w.suffix);
    assert.ok(w.suffix.endsWith('\n'), 'the suffix ends at a line end');
  });

  test('the prefix starts at a line start also when the budget is not the limit', () => {
    // Deeply indented lines are cheap in tokens: the character cap, not the budget, bounds the window.
    const text = '                    value = 1\n'.repeat(20000);
    for (let offset = 300_000; offset < 300_000 + 2000; offset += 97) {
      const w = contextWindow(new CountingDoc(text), offset, budget);
      assert.ok(estimateTokens(w.prefix) <= budget.prefixTokens);
      assert.equal(text[w.prefixStart - 1], '\n', `offset ${offset}: start ${w.prefixStart} is mid-line`);
    }
  });

  test('typing keeps the same prefix start, so the prompt only grows at its end', () => {
    const text = codeDoc(5000);
    const offset = text.indexOf('\n', Math.floor(text.length / 2));
    const before = contextWindow(new CountingDoc(text), offset, budget);
    const typed = 'x = 1';
    const after = contextWindow(new CountingDoc(text.slice(0, offset) + typed + text.slice(offset)), offset + typed.length, budget);
    assert.equal(after.prefixStart, before.prefixStart);
    assert.equal(after.prefix, before.prefix + typed);
    assert.equal(after.suffix, before.suffix);
  });

  test('moving through a few hundred characters changes the start at most once a grid step', () => {
    const text = codeDoc(5000);
    const base = Math.floor(text.length / 2);
    const starts = new Set<number>();
    for (let offset = base; offset < base + 300; offset++) starts.add(contextWindow(new CountingDoc(text), offset, budget).prefixStart);
    assert.ok(starts.size <= 2, `${starts.size} different starts in 300 characters`);
  });

  test('a 10 MB document: only slices around the cursor are read', () => {
    const line = '  const value = compute(alpha, beta, gamma); // a comment\n';
    const text = line.repeat(Math.ceil((10 * 1024 * 1024) / line.length));
    const doc = new CountingDoc(text);
    const w = contextWindow(doc, Math.floor(text.length * 0.7), budget);
    assert.ok(w.prefix.length > 0 && w.suffix.length > 0);
    assert.ok(doc.calls <= 3, `${doc.calls} slice calls`);
    assert.ok(doc.charsRead <= (budget.prefixTokens + budget.suffixTokens) * 5, `${doc.charsRead} characters read`);
  });

  test('a 2 MB single minified line: bounded reads, a start on a fixed character grid, still stable', () => {
    const chunk = 'var a=function(b,c){return b+c},d=[1,2,3].map(function(e){return e*2});';
    const text = chunk.repeat(Math.ceil((2 * 1024 * 1024) / chunk.length));
    const doc = new CountingDoc(text);
    const offset = 1_000_003;
    const w = contextWindow(doc, offset, budget);
    assert.ok(doc.charsRead <= (budget.prefixTokens + budget.suffixTokens) * 5, `${doc.charsRead} characters read`);
    assert.ok(estimateTokens(w.prefix) <= budget.prefixTokens);
    const grid = prefixGrid(budget.prefixTokens * 5);
    assert.equal(w.prefixStart % grid, 0, 'no line start to snap to: the grid point is the start');
    assert.equal(contextWindow(new CountingDoc(text), offset + 3, budget).prefixStart, w.prefixStart);
  });

  test('cursor at the very start or end of a document', () => {
    const text = codeDoc(50);
    const atStart = contextWindow(new CountingDoc(text), 0, budget);
    assert.equal(atStart.prefix, '');
    assert.equal(atStart.prefixStart, 0);
    const atEnd = contextWindow(new CountingDoc(text), text.length, budget);
    assert.equal(atEnd.suffix, '');
    assert.equal(atEnd.suffixEnd, text.length);
  });

  test('a tiny budget still gives some prefix', () => {
    const text = codeDoc(500);
    const w = contextWindow(new CountingDoc(text), text.length - 10, { prefixTokens: 40, suffixTokens: 10 });
    assert.ok(w.prefix.length > 0);
    assert.ok(estimateTokens(w.prefix) <= 40);
  });
});

describe('relatedSnippets', () => {
  const file = (path: string, lines: number) => ({ path, languageId: 'typescript', text: codeDoc(lines) });

  test('other files are trimmed from their top, at a line end, to fit the budget', () => {
    const snippets = relatedSnippets([file('a.ts', 2000), file('b.ts', 2000)], 600);
    assert.deepEqual(
      snippets.map((s) => s.path),
      ['a.ts', 'b.ts'],
    );
    const total = snippets.reduce((n, s) => n + estimateTokens(s.text) + estimateTokens(s.path), 0);
    assert.ok(total <= 600, `${total} tokens`);
    for (const s of snippets) {
      assert.ok(s.text.endsWith('\n'));
      assert.ok(codeDoc(2000).startsWith(s.text), 'the head of the file');
    }
  });

  test('one big file does not crowd out the others; duplicates and empty files are skipped', () => {
    const snippets = relatedSnippets([file('big.ts', 100000), file('big.ts', 10), { path: 'empty.ts', languageId: 'typescript', text: '  \n' }, file('small.ts', 10)], 1000);
    assert.deepEqual(
      snippets.map((s) => s.path),
      ['big.ts', 'small.ts'],
    );
    assert.equal(snippets[1].text, codeDoc(10), 'a small file fits whole');
  });

  test('no budget, no files', () => {
    assert.deepEqual(relatedSnippets([file('a.ts', 100)], 0), []);
  });
});
