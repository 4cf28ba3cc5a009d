import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitToRange, matchLineEndings, rebaseIndentation } from '../../../src/core/edits/fit-to-range';

test('a method the model returned at column 0 goes back to the class body indentation', () => {
  const original = '    def area(self):\n        return 3.14 * self.r * self.r';
  const code = 'def area(self):\n    return math.pi * self.r ** 2';
  assert.equal(rebaseIndentation(code, original), '    def area(self):\n        return math.pi * self.r ** 2');
});

test('code indented deeper than the range is shifted left, relative indentation kept', () => {
  const original = 'if x:\n    y()';
  const code = '        if x:\n            y()\n        else:\n            z()';
  assert.equal(rebaseIndentation(code, original), 'if x:\n    y()\nelse:\n    z()');
});

test('spaces become tabs in a file indented with tabs, level for level', () => {
  const original = '\tfunc (s *S) Sum() int {\n\t\treturn 0\n\t}';
  const code = 'func (s *S) Sum() int {\n    total := 0\n    for _, x := range s.xs {\n        total += x\n    }\n    return total\n}';
  assert.equal(
    rebaseIndentation(code, original),
    '\tfunc (s *S) Sum() int {\n\t\ttotal := 0\n\t\tfor _, x := range s.xs {\n\t\t\ttotal += x\n\t\t}\n\t\treturn total\n\t}',
  );
});

test('tabs become the file\'s spaces (two per level here)', () => {
  const original = '  function f() {\n    return 1;\n  }';
  const code = 'function f() {\n\treturn 2;\n}';
  assert.equal(rebaseIndentation(code, original), '  function f() {\n    return 2;\n  }');
});

test('blank lines inside the code carry no indentation', () => {
  assert.equal(rebaseIndentation('a()\n\nb()', '    x()'), '    a()\n\n    b()');
});

test('the document\'s CRLF line endings are kept, and the trailing line break only when the range had one', () => {
  assert.equal(matchLineEndings('a\nb\n\n', 'x\r\ny', '\r\n'), 'a\r\nb');
  assert.equal(matchLineEndings('a\nb', 'x\r\ny\r\n', '\r\n'), 'a\r\nb\r\n');
  assert.equal(matchLineEndings('a\r\nb', 'x\ny', '\n'), 'a\nb');
});

test('fitToRange re-bases and converts line endings in one step', () => {
  assert.equal(fitToRange('def f():\r\n    pass', '    def g():\r\n        return 1', '\r\n'), '    def f():\r\n        pass');
});
