/**
 * Post-processing rules beyond the golden cases: how far a completion reaches
 * from the cursor, that nothing a model leaks reaches the buffer, and that a
 * dropped completion says which step dropped it and why (for the request log).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PostprocessContext } from '../../../src/core/completion/api';
import { FILTERS, lineScope, postprocess, shapeAnswer } from '../../../src/core/completion/postprocess';
import { cursorContext } from '../../../src/core/completion/postprocess/cursor';
import { SPECIAL_TOKEN_PATTERN } from '../../../src/core/completion/formats';

function ctx(prefix: string, suffix: string, languageId = 'typescript', multiline: PostprocessContext['multiline'] = 'auto'): PostprocessContext {
  return { prefix, suffix, languageId, multiline };
}

describe('line scope from the cursor', () => {
  const scope = (prefix: string, suffix: string, first: string, languageId = 'typescript', multiline: PostprocessContext['multiline'] = 'auto') =>
    lineScope(cursorContext(ctx(prefix, suffix, languageId, multiline)), first).kind;

  test('code after the cursor: one line', () => {
    assert.equal(scope('const x = f(', 'a, b);\n', 'y, '), 'line');
  });
  test('only auto-closed characters after the cursor do not force one line', () => {
    assert.equal(scope('fn f(', ')\n', 'x: u32) {', 'rust'), 'block');
  });
  test('an empty indented line: statements of the block', () => {
    assert.equal(scope('if (x) {\n  ', '\n}\n', 'a();'), 'body');
  });
  test('after `{`, `=>`, Python `:`: the block', () => {
    assert.equal(scope('function f() {', '\n}', ''), 'block');
    assert.equal(scope('const f = () =>', '\n', ''), 'block');
    assert.equal(scope('def f():', '\n', '', 'python'), 'block');
  });
  test('`:` opens nothing in TypeScript; a type annotation is one line', () => {
    assert.equal(scope('let x:', '\n', ' number;'), 'line');
  });
  test('a line the completion turns into a block opener', () => {
    assert.equal(scope('  get', '\n}', ' foo(): number {'), 'block');
  });
  test('at the end of a finished line, an answer starting with a line break is the next statements', () => {
    assert.equal(scope('  x = 1;', '\n}', ''), 'body');
    assert.equal(scope('  x = 1;', '\n}', ' // set'), 'line');
  });
  test('in a line comment: one line', () => {
    assert.equal(scope('x = 1  # the next', '\n', ' value', 'python'), 'line');
  });
  test('settings override: never is one line, always reaches further', () => {
    assert.equal(scope('if (x) {\n  ', '\n}\n', 'a();', 'typescript', 'never'), 'line');
    assert.equal(scope('const a =', ' b;\n', ' 1;', 'typescript', 'always'), 'body');
  });
});

describe('postprocess', () => {
  test('the filters have unique names and drop-empty comes last', () => {
    const names = FILTERS.map((f) => f.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(names[names.length - 1], 'drop-empty');
  });

  test('a dropped completion names the step and the reason', () => {
    const result = postprocess('<think>only thoughts</think>', ctx('function f() {\n  ', '\n}\n'));
    assert.equal(result.kind, 'dropped');
    assert.match(result.kind === 'dropped' ? result.reason : '', /^drop-reasoning: .*reasoning/);
  });

  test('no special token or reasoning tag ever reaches the text', () => {
    const leaks = [
      '<|fim_middle|>',
      '<|file_sep|>',
      '<|endoftext|>',
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
      '<\uFF5Cfim\u2581hole\uFF5C>',
      '<EOT>',
      '<MID>',
      '<fim_suffix>',
      '[PREFIX]',
      '<|im_end|>',
    ];
    let shown = 0;
    for (const leak of leaks) {
      for (const raw of [`a();${leak}b();`, `a();\n  ${leak}\n  b();`, `${leak}a();`, `<think>x</think>a();${leak}`]) {
        const result = postprocess(raw, ctx('function f() {\n  ', '\n}\n'));
        if (result.kind === 'ok') {
          shown++;
          assert.ok(!SPECIAL_TOKEN_PATTERN.test(result.text), `${JSON.stringify(raw)} -> ${JSON.stringify(result.text)}`);
          assert.ok(!/<\/?think>/.test(result.text));
        }
      }
    }
    // A dropped result proves nothing about leaks: most of these must still be shown (the code before the token survives).
    assert.ok(shown >= leaks.length * 2, `only ${shown} of ${leaks.length * 4} shown`);
  });

  test('a completion that only retypes the auto-closed characters is dropped', () => {
    const result = postprocess(')', ctx('foo(', ')\n'));
    assert.equal(result.kind, 'dropped');
  });

  test('a closer mid-line beyond what is open cuts the line there', () => {
    const result = postprocess('a + b));', ctx('function f() {\n  return g(', '\n}\n'));
    assert.deepEqual(result, { kind: 'ok', text: 'a + b)', replaceSuffixChars: 0 });
  });

  test('closers after the cursor that close what the completion opened do not count against it', () => {
    // `g(` is closed by the completion, which opens `h(` for the `)` already after the cursor.
    const result = postprocess('a), h(b', ctx('function f() {\n  return g(', '\n  );\n}\n'));
    assert.deepEqual(result, { kind: 'ok', text: 'a), h(b', replaceSuffixChars: 0 });
  });

  test('a fence inside a docstring that already opened one is content', () => {
    const prefix = 'def f():\n    """Example:\n\n    ```python\n    '; // the model writes inside the docstring's fence
    const result = postprocess('f()\n    ```', ctx(prefix, '\n    """\n', 'python'));
    assert.deepEqual(result, { kind: 'ok', text: 'f()\n    ```', replaceSuffixChars: 0 });
  });

  test('a multi-line template literal before the window does not blind bracket balance', () => {
    // The window starts inside a template literal: one backtick in it, then ordinary code.
    const prefix = '  color: red;\n`;\nfunction f() {\n  return g(';
    const result = postprocess('a + b));', ctx(prefix, '\n}\n', 'javascript'));
    assert.deepEqual(result, { kind: 'ok', text: 'a + b)', replaceSuffixChars: 0 }, 'g( is still seen as open');
  });
});

describe('postprocess on arbitrary model output', () => {
  // A seeded generator: the same "random" cases on every run.
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const fragments = [
    'foo(', ')', '}', '{', '\n', '\n  ', '\n    ', 'return x;', '"', "'", '`', '[', ']', ' => ', ':', '// c', '# c', '<think>', '</think>',
    '<|file_sep|>', '<\uFF5Cend\u2581of\u2581sentence\uFF5C>', '<EOT>', '```', '\r\n', '   ', 'a = 1', 'if (a) {', 'else:', '/*', '*/', '\\',
  ];
  const text = (n: number) => Array.from({ length: n }, () => pick(fragments)).join('');

  test('never throws, never shows blank text, never replaces past the cursor line, never leaks a token', () => {
    for (let i = 0; i < 3000; i++) {
      const prefix = text(Math.floor(next() * 12));
      const suffix = text(Math.floor(next() * 6));
      const raw = text(Math.floor(next() * 10));
      const languageId = pick(['python', 'typescript', 'rust', 'go', 'plaintext', 'html']);
      const multiline = pick(['auto', 'always', 'never'] as const);
      const result = postprocess(raw, { prefix, suffix, languageId, multiline });
      if (result.kind === 'dropped') continue;
      const where = JSON.stringify({ prefix, suffix, raw, languageId, multiline, result });
      assert.ok(result.text.trim() !== '', where);
      assert.ok(!result.text.includes('\r'), where);
      const lineAfter = suffix.split('\n')[0];
      assert.ok(result.replaceSuffixChars >= 0 && result.replaceSuffixChars <= lineAfter.length, where);
      const token = SPECIAL_TOKEN_PATTERN.exec(result.text)?.[0];
      assert.ok(token === undefined || prefix.includes(token) || suffix.includes(token), where);
      if (multiline === 'never') assert.ok(!result.text.includes('\n'), where);
    }
  });

  test('stopping the stream where the shape says the answer is complete shows what the whole answer would', () => {
    for (let i = 0; i < 3000; i++) {
      const ctx = { prefix: text(Math.floor(next() * 12)), suffix: text(Math.floor(next() * 6)), languageId: pick(['python', 'typescript', 'rust', 'go']), multiline: pick(['auto', 'always', 'never'] as const) };
      // Not a lone `</think>`: it turns everything before it into reasoning after the fact (a template that
      // pre-fills `<think>`), so no cut before it can be final. Ollama's stop strings end such streams anyway.
      const chunks = Array.from({ length: 1 + Math.floor(next() * 10) }, () => pick(fragments)).filter((f) => f !== '</think>');
      const raw = chunks.join('');
      const cursor = cursorContext(ctx);
      let read = '';
      for (const chunk of chunks) {
        read += chunk;
        const shaped = shapeAnswer(read, cursor, { final: false });
        if (shaped.kind === 'dropped' || shaped.end !== undefined) break;
      }
      const stopped = postprocess(read, cursor);
      const whole = postprocess(raw, cursor);
      assert.deepEqual(stopped, whole, JSON.stringify({ ...ctx, chunks, read }));
    }
  });
});
