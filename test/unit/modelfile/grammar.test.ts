/**
 * The Modelfile TextMate grammar, run by the libraries VS Code runs it with
 * (vscode-textmate + vscode-oniguruma): snapshots over fixtures, and the
 * scopes a reader would notice (what is a comment, a keyword, a parameter, a
 * string, a template variable). UPDATE_SNAPSHOTS=1 rewrites the snapshots.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, parseRawGrammar, Registry, type IGrammar } from 'vscode-textmate';

const root = join(__dirname, '../../..');
const fixtures = join(root, 'test/fixtures/modelfiles');
let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  const registry = new Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
    loadGrammar: (scope) => {
      if (scope !== 'source.modelfile') return Promise.resolve(null);
      const path = join(root, 'syntaxes/modelfile.tmLanguage.json');
      return Promise.resolve(parseRawGrammar(readFileSync(path, 'utf8'), path));
    },
  });
  const loaded = await registry.loadGrammar('source.modelfile');
  if (!loaded) throw new Error('grammar did not load');
  grammar = loaded;
});

interface Token {
  readonly line: number;
  readonly text: string;
  readonly scopes: readonly string[];
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let stack = INITIAL;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const t of result.tokens) out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes.slice(1) });
    stack = result.ruleStack;
  });
  return out;
}

function snapshot(text: string): string {
  return tokenize(text)
    .filter((t) => t.text.trim() !== '' || has(t.scopes, 'invalid'))
    .map((t) => `${t.line + 1}: ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`)
    .join('\n') + '\n';
}

/** The innermost scopes of the first token on `line` (zero-based) whose text is `text`. */
function scopes(text: string, line: number, token: string): readonly string[] {
  const found = tokenize(text).find((t) => t.line === line && t.text === token);
  assert.ok(found, `no token ${JSON.stringify(token)} on line ${line}: ${JSON.stringify(tokenize(text).filter((t) => t.line === line).map((t) => t.text))}`);
  return found.scopes;
}

const has = (list: readonly string[], prefix: string): boolean => list.some((s) => s.startsWith(prefix));

describe('Modelfile grammar snapshots', () => {
  const cases = [
    'grammar/everything.modelfile',
    'real/ollama__ollama__library_modelfiles_llama2.modelfile',
    'real/ollama__ollama__examples_modelfile-mario_Modelfile',
    'real/ollama__ollama__examples_modelfiles_recipemaker.modelfile',
    'real/1ek8__GuardSRE__Modelfile',
  ];
  for (const file of cases) {
    it(file, () => {
      const actual = snapshot(readFileSync(join(fixtures, file), 'utf8'));
      const snap = join(fixtures, 'grammar', `${file.split('/').pop()}.snap`);
      if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(snap)) writeFileSync(snap, actual);
      assert.equal(actual, readFileSync(snap, 'utf8'));
    });
  }
});

describe('Modelfile grammar scopes', () => {
  it('keywords in any case; parameters, numbers, booleans', () => {
    const text = 'from llama3.2\nParameter temperature 0.7\nPARAMETER use_mmap true\n';
    assert.ok(has(scopes(text, 0, 'from'), 'keyword.control'));
    assert.ok(has(scopes(text, 1, 'Parameter'), 'keyword.control'));
    assert.ok(has(scopes(text, 1, 'temperature'), 'variable.parameter'));
    assert.ok(has(scopes(text, 1, '0.7'), 'constant.numeric'));
    assert.ok(has(scopes(text, 2, 'true'), 'constant.language'));
  });
  it('# is a comment only at the start of a line', () => {
    const text = '  # comment\nPARAMETER temperature 0.7 # hot\nSYSTEM you are #1\n';
    assert.ok(has(scopes(text, 0, ' comment'), 'comment'));
    assert.ok(!tokenize(text).some((t) => t.line > 0 && has(t.scopes, 'comment')), 'no comment after an instruction');
  });
  it('roles after MESSAGE, and a wrong one marked', () => {
    const text = 'MESSAGE user hi\nMESSAGE User hi\n';
    assert.ok(has(scopes(text, 0, 'user'), 'entity.name.tag'));
    assert.ok(has(scopes(text, 1, 'User'), 'invalid'));
  });
  it('strings: triple-quoted over lines, double-quoted until a quote ends a line, single quotes', () => {
    const text = 'SYSTEM """a "b"\nc"""\nSYSTEM "x" y\nz"\nSYSTEM \'q\'\nFROM x\n';
    assert.ok(has(scopes(text, 1, 'c'), 'string.quoted.triple'));
    assert.ok(has(scopes(text, 3, 'z'), 'string.quoted.double'), 'a quote inside the line does not end the string');
    assert.ok(has(scopes(text, 4, "'q'"), 'string.quoted.single'));
    assert.ok(has(scopes(text, 5, 'FROM'), 'keyword.control'));
  });
  it('Go template syntax inside TEMPLATE', () => {
    const text = 'TEMPLATE """{{ if .System }}{{ .System }}\n{{ end }}{{ range .Messages }}{{ json .Content }}{{ end }}"""\n';
    assert.ok(has(scopes(text, 0, 'if'), 'keyword.control.go-template'));
    assert.ok(has(scopes(text, 0, '.System'), 'variable.other.member.go-template'));
    assert.ok(has(scopes(text, 1, 'json'), 'support.function.go-template'));
    assert.ok(has(scopes(text, 1, '.Messages'), 'variable.other.member'));
  });
  it('an unknown instruction and the second space after PARAMETER are marked', () => {
    assert.ok(has(scopes('PROMPT hi\n', 0, 'PROMPT'), 'invalid.illegal'));
    const marked = tokenize('PARAMETER  temperature 1\n').filter((t) => has(t.scopes, 'invalid.illegal'));
    assert.deepEqual(marked.map((t) => t.text), [' ']);
  });
});
