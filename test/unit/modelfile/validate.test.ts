/**
 * The parser and validator judge Modelfiles as current Ollama does: the 30
 * real ones get the verdicts `ollama create` gave them, the authored invalid
 * ones get Ollama's own message, at the line and text it concerns.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatModelfile } from '../../../src/core/modelfile/format';
import { LineIndex } from '../../../src/core/modelfile/line-index';
import { parseModelfile } from '../../../src/core/modelfile/parse';
import { ollamaVerdict, validateModelfile, type ModelfileDiagnostic } from '../../../src/core/modelfile/validate';

const fixtures = join(__dirname, '../../fixtures/modelfiles');
const sources = JSON.parse(readFileSync(join(fixtures, 'sources.json'), 'utf8')) as Record<string, { ollama_current: { error: string | null; warnings: string[] } }>;
const authored = JSON.parse(readFileSync(join(fixtures, 'authored.json'), 'utf8')) as {
  invalid: { name: string; modelfile: string; ollama: string; covers: string; line: number }[];
  warned: { name: string; modelfile: string; warnings: string[] }[];
};

function judge(text: string, options?: Parameters<typeof validateModelfile>[2]): ModelfileDiagnostic[] {
  return validateModelfile(text, parseModelfile(text), options);
}

describe('real Modelfiles get the verdict current Ollama gave them', () => {
  const files = readdirSync(join(fixtures, 'real'));
  it('has all 30 with their sources', () => {
    assert.equal(files.length, 30);
    for (const f of files) assert.ok(sources[f], `${f} has a source entry`);
  });
  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(fixtures, 'real', file), 'utf8');
      const expected = sources[file]?.ollama_current;
      assert.equal(ollamaVerdict(judge(text)) ?? null, expected?.error ?? null);
    });
  }
});

describe('authored invalid Modelfiles get Ollama\'s message at the right place', () => {
  it('has at least 30', () => assert.ok(authored.invalid.length >= 30));
  for (const c of authored.invalid) {
    it(c.name, () => {
      const diagnostics = judge(c.modelfile);
      assert.equal(ollamaVerdict(diagnostics), c.ollama);
      const first = diagnostics.find((d) => d.message === c.ollama);
      assert.ok(first, 'the verdict is one of the diagnostics');
      assert.equal(first.severity, 'error');
      assert.equal(c.modelfile.slice(first.span.start, first.span.end), c.covers);
      assert.equal(new LineIndex(c.modelfile).lineAt(first.span.start), c.line);
    });
  }
  for (const c of authored.warned) {
    it(`${c.name} is accepted with Ollama's warning`, () => {
      const diagnostics = judge(c.modelfile);
      assert.equal(ollamaVerdict(diagnostics), undefined);
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message), c.warnings);
    });
  }
});

describe('parser details', () => {
  it('reads triple quotes verbatim, with quotes and CRLF line breaks inside', () => {
    const text = 'FROM llama3.2\r\nSYSTEM """He said "hi" and ""left"".\r\nBe brief."""\r\nPARAMETER stop "<|im_end|>"\r\n';
    const parsed = parseModelfile(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(
      parsed.instructions.map((i) => [i.name, i.argument?.text, i.value, i.quoting]),
      [
        ['from', undefined, 'llama3.2', 'none'],
        ['system', undefined, 'He said "hi" and ""left"".\r\nBe brief.', 'triple'],
        ['parameter', 'stop', '<|im_end|>', 'double'],
      ],
    );
  });
  it('keeps double-quoted blanks, strips unquoted ones, and reads single quotes literally', () => {
    const parsed = parseModelfile(`FROM     FOOO BAR    \nSYSTEM "  padded  "\nLICENSE 'mit'\n`);
    assert.deepEqual(parsed.instructions.map((i) => i.value), ['FOOO BAR', '  padded  ', "'mit'"]);
  });
  it('takes keywords in any case, comments only at line start, and instructions in any order', () => {
    const parsed = parseModelfile('  # a comment\nparameter temperature 1\n\tsystem you are #1\nFrom llama3.2');
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.instructions.map((i) => [i.name, i.value]), [['parameter', '1'], ['system', 'you are #1'], ['from', 'llama3.2']]);
    assert.equal(parsed.comments.length, 1);
  });
  it('after an error goes on at the next line, so later mistakes show too', () => {
    const diagnostics = judge('FROM x\nPROMPT a\nPARAMETER temperature hot\nMESSAGE User hi\n');
    assert.deepEqual(diagnostics.map((d) => d.message.replace(/ must be one of .*/, '')), ['(line 2): command', '(line 4): message role', 'invalid float value [hot]']);
  });
  it('a byte order mark is not part of the first keyword', () => {
    assert.deepEqual(parseModelfile('\ufeffFROM llama3.2\n').errors, []);
  });
  it('the two-spaces trap says how to fix it', () => {
    const [d] = judge('FROM x\nPARAMETER  temperature 0.7\n');
    assert.equal(d?.message, "unknown parameter ''");
    assert.match(d?.hint ?? '', /exactly one space/);
  });
  it('template variables current Ollama no longer supplies are warnings where they are written', () => {
    const text = 'FROM x\nTEMPLATE """{{ if .First }}{{ .System }}{{ end }}{{ .Context }}{{ .Prompt }}"""\n';
    const warnings = judge(text).filter((d) => d.severity === 'warning');
    assert.deepEqual(warnings.map((d) => text.slice(d.span.start, d.span.end)), ['.First', '.Context']);
  });
  it('accepts shorthand and v-prefixed REQUIRES as semver does', () => {
    for (const v of ['0.14.0', 'v0.14.0', '0.14', '1', '0.14.0-rc1', '0.14.0+build.5']) assert.deepEqual(judge(`FROM x\nREQUIRES ${v}\n`), [], v);
  });
  it('accepts the values Go accepts', () => {
    const ok = ['PARAMETER temperature .5', 'PARAMETER temperature 1e-3', 'PARAMETER temperature -0', 'PARAMETER top_p Inf', 'PARAMETER seed +42', 'PARAMETER use_mmap T', 'PARAMETER use_mmap False', 'PARAMETER stop "###"'];
    for (const line of ok) assert.deepEqual(judge(`FROM x\n${line}\n`), [], line);
  });
});

describe('local files', () => {
  const paths = (existing: string[]) => ({ paths: { directory: '/models/mine', home: '/home/me', exists: (p: string) => existing.includes(p) } });
  it('FROM ./file that does not exist is an error naming the resolved path', () => {
    const text = 'FROM ./weights.gguf\n';
    const [d] = judge(text, paths([]));
    assert.equal(d?.severity, 'error');
    assert.equal(d?.message, '/models/mine/weights.gguf does not exist');
    assert.equal(text.slice(d.span.start, d.span.end), './weights.gguf');
    assert.deepEqual(judge(text, paths(['/models/mine/weights.gguf'])), []);
  });
  it('a model name is not a path, and ~ is the home directory', () => {
    assert.deepEqual(judge('FROM qwen2.5-coder:7b\n', paths([])), []);
    assert.equal(judge('FROM x\nADAPTER ~/lora.gguf\n', paths([]))[0]?.message, 'stat /home/me/lora.gguf: no such file or directory');
  });
  it('a relative path in an unsaved Modelfile is not judged', () => {
    assert.deepEqual(judge('FROM ./weights.gguf\n', { paths: { directory: undefined, home: '/home/me', exists: () => false } }), []);
  });
});

describe('hints and formatting', () => {
  it('a misspelt parameter name gets a "did you mean", a wrongly cased one the right case', () => {
    assert.equal(judge('FROM x\nPARAMETER temprature 1\n')[0]?.hint, 'Did you mean temperature?');
    assert.equal(judge('FROM x\nPARAMETER Num_Ctx 1\n')[0]?.hint, 'Parameter names are case-sensitive: num_ctx.');
    assert.equal(judge('FROM x\nPARAMETER banana 1\n')[0]?.hint, undefined);
  });
  it('formatting gives canonical case and spacing, never touches values, and leaves a file Ollama rejects alone', () => {
    const apply = (text: string) =>
      formatModelfile(text, parseModelfile(text))
        .sort((a, b) => b.span.start - a.span.start)
        .reduce((t, e) => t.slice(0, e.span.start) + e.newText + t.slice(e.span.end), text);
    assert.equal(apply('\tfrom   llama3.2 \r\nmessage\tuser   hi  there \r\nsystem """ keep   this """\r\n'), 'FROM llama3.2\r\nMESSAGE user hi  there\r\nSYSTEM """ keep   this """\r\n');
    const broken = 'from llama3.2\nPROMPT hi\n';
    assert.equal(apply(broken), broken);
    const formatted = apply('parameter temperature   0.7\nfrom x\n');
    assert.deepEqual(validateModelfile(formatted, parseModelfile(formatted)), []);
  });
});
