/**
 * FIM formats: which plan a model gets from what /api/show says, and the exact
 * strings sent for each family. A wrong character here (an ASCII `|` in
 * DeepSeek's tokens, a missing space for CodeLlama) silently turns completions
 * into garbage, so the strings are spelled out in full.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FimInput, FimPlan } from '../../../src/core/completion/api';
import { buildFimPrompt, fimStopTokens, planFim, stripSpecialTokens } from '../../../src/core/completion/formats';
import type { Capability, ModelInfo } from '../../../src/core/ollama/types';

function model(partial: Partial<ModelInfo> & { name: string; caps?: Capability[] }): ModelInfo {
  const { caps, ...rest } = partial;
  return {
    capabilities: new Set(caps ?? ['completion']),
    capabilitiesInferred: false,
    template: '{{ .Prompt }}',
    details: {},
    parameters: '',
    system: '',
    ...rest,
  };
}

// Templates as the library ships them (docs/reference/fim.md section 1) or as community builds have them.
const QWEN_CODER_TEMPLATE =
  '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>\n' +
  '{{- else if .Messages }}\n{{- if or .System .Tools }}<|im_start|>system\n{{- if .System }}\n{{ .System }}\n{{- end }}<|im_end|>\n{{ end }}' +
  '{{- range $i, $_ := .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n' +
  '{{- else }}\n{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ end }}{{ .Response }}{{ if .Response }}<|im_end|>{{ end }}';
const CHATML_TEMPLATE =
  '{{- if .Messages }}{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n' +
  '{{ else }}{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ end }}{{ .Response }}<|im_end|>';
const DEEPSEEK_CODER_V2_TEMPLATE =
  '{{- if .Suffix }}<\uFF5Cfim\u2581begin\uFF5C>{{ .Prompt }}<\uFF5Cfim\u2581hole\uFF5C>{{ .Suffix }}<\uFF5Cfim\u2581end\uFF5C>\n' +
  '{{- else }}{{ if .System }}{{ .System }}\n\n{{ end }}{{ if .Prompt }}User: {{ .Prompt }}\n\n{{ end }}Assistant:{{ .Response }}{{ end }}';
const DEEPSEEK_R1_TEMPLATE =
  '{{- if .System }}{{ .System }}{{ end }}\n{{- range $i, $_ := .Messages }}\n{{- $last := eq (len (slice $.Messages $i)) 1}}\n' +
  '{{- if eq .Role "user" }}<\uFF5CUser\uFF5C>{{ .Content }}\n{{- else if eq .Role "assistant" }}<\uFF5CAssistant\uFF5C>' +
  '{{- if and $.IsThinkSet (and $last .Thinking) -}}\n<think>\n{{ .Thinking }}\n</think>\n{{- end }}{{ .Content }}' +
  '{{- if not $last }}<\uFF5Cend\u2581of\u2581sentence\uFF5C>{{- end }}\n{{- end }}\n{{- if and $last (ne .Role "assistant") }}<\uFF5CAssistant\uFF5C>\n' +
  '{{- if and $.IsThinkSet (not $.Think) -}}\n<think>\n\n</think>\n\n{{ end }}\n{{- end -}}\n{{- end }}';
const LLAMA2_TEMPLATE = '[INST] <<SYS>>{{ .System }}<</SYS>>\n\n{{ .Prompt }} [/INST]\n';

describe('planFim', () => {
  test('qwen2.5-coder base with a .Suffix template and the insert capability: templated FIM', () => {
    const plan = planFim(
      model({ name: 'qwen2.5-coder:1.5b-base', caps: ['completion', 'insert'], template: QWEN_CODER_TEMPLATE, details: { family: 'qwen2', families: ['qwen2'] }, architecture: 'qwen2' }),
    );
    assert.deepEqual(plan, { kind: 'insert', family: 'qwen' });
  });

  test('an abliterated qwen coder whose template lost .Suffix: raw Qwen tokens', () => {
    const plan = planFim(model({ name: 'huihui_ai/qwen2.5-coder-abliterate:7b', template: CHATML_TEMPLATE, details: { family: 'qwen2' }, architecture: 'qwen2' }));
    assert.deepEqual(plan, { kind: 'raw', family: 'qwen' });
  });

  test('deepseek-coder-v2 with its full-width FIM template', () => {
    const plan = planFim(
      model({ name: 'deepseek-coder-v2:16b', caps: ['completion', 'insert'], template: DEEPSEEK_CODER_V2_TEMPLATE, details: { family: 'deepseek2' }, architecture: 'deepseek2' }),
    );
    assert.deepEqual(plan, { kind: 'insert', family: 'deepseek' });
  });

  test('deepseek-coder-v2 whose template has only {{ .Prompt }}: raw DeepSeek', () => {
    const plan = planFim(model({ name: 'deepseek-coder-v2:16b', template: '{{ .Prompt }}', details: { family: 'deepseek2' }, architecture: 'deepseek2' }));
    assert.deepEqual(plan, { kind: 'raw', family: 'deepseek' });
  });

  test('deepseek-r1 is a reasoning chat model, not deepseek-coder', () => {
    const plan = planFim(model({ name: 'deepseek-r1:8b', caps: ['completion', 'thinking'], template: DEEPSEEK_R1_TEMPLATE, details: { family: 'qwen3' }, architecture: 'qwen3' }));
    assert.equal(plan.kind, 'unsupported');
    assert.match(plan.kind === 'unsupported' ? plan.reason : '', /deepseek-r1:8b.*reasoning.*qwen2\.5-coder/);
  });

  test('an R1 distill on an old server (no thinking capability) is still refused by its template', () => {
    const plan = planFim(model({ name: 'huihui_ai/deepseek-r1-abliterated:7b', template: DEEPSEEK_R1_TEMPLATE, details: { family: 'qwen2' }, architecture: 'qwen2' }));
    assert.equal(plan.kind, 'unsupported');
  });

  test('Dolphin chat models are refused, also dolphincoder on StarCoder2 weights', () => {
    for (const m of [
      model({ name: 'dolphin-mistral:7b', template: CHATML_TEMPLATE, details: { family: 'llama' }, architecture: 'llama' }),
      model({ name: 'dolphincoder:7b', template: CHATML_TEMPLATE, details: { family: 'starcoder2' }, architecture: 'starcoder2' }),
      model({ name: 'llama2-uncensored:7b', template: LLAMA2_TEMPLATE, details: { family: 'llama' }, architecture: 'llama' }),
      model({ name: 'qwen3:8b', caps: ['completion', 'thinking', 'tools'], template: CHATML_TEMPLATE + '<think>', details: { family: 'qwen3' } }),
    ]) {
      const plan = planFim(m);
      assert.equal(plan.kind, 'unsupported', m.name);
      assert.ok(plan.kind === 'unsupported' && plan.reason.includes(m.name), 'the reason names the model');
    }
  });

  test('a name is not enough when the architecture contradicts it', () => {
    const plan = planFim(model({ name: 'someone/qwen2.5-coder-llama-merge:8b', template: LLAMA2_TEMPLATE, details: { family: 'llama' }, architecture: 'llama' }));
    assert.equal(plan.kind, 'unsupported');
  });

  test('a server older than v0.6.4 (no capabilities): the template decides', () => {
    const inferred = (template: string) =>
      planFim(model({ name: 'qwen2.5-coder:7b', caps: [], capabilitiesInferred: true, template, details: { family: 'qwen2' } }));
    assert.deepEqual(inferred(QWEN_CODER_TEMPLATE), { kind: 'insert', family: 'qwen' });
    assert.deepEqual(inferred(CHATML_TEMPLATE), { kind: 'raw', family: 'qwen' });
  });

  test('every family is recognised from its template tokens', () => {
    const cases: [string, string, Partial<ModelInfo>, FimPlan][] = [
      ['codellama:7b-code', '<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>', { architecture: 'llama' }, { kind: 'insert', family: 'codellama' }],
      ['codestral:22b', '[SUFFIX]{{ .Suffix }}[PREFIX] {{ .Prompt }}', { architecture: 'llama' }, { kind: 'insert', family: 'codestral' }],
      ['starcoder2:3b', '<file_sep>\n<fim_prefix>\n{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>', { architecture: 'starcoder2' }, { kind: 'insert', family: 'starcoder' }],
      ['codegemma:2b', '<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>', { architecture: 'gemma', details: { family: 'gemma' } }, { kind: 'insert', family: 'codegemma' }],
      ['stable-code:3b', '<fim_prefix>{{ .Prompt }}<fim_suffix>{{ .Suffix }}<fim_middle>', { architecture: 'stablelm' }, { kind: 'insert', family: 'stable-code' }],
    ];
    for (const [name, template, extra, expected] of cases) {
      assert.deepEqual(planFim(model({ name, caps: ['completion', 'insert'], template, ...extra })), expected, name);
    }
  });

  test('FIM-trained families without a FIM template fall back to raw mode by name and architecture', () => {
    assert.deepEqual(planFim(model({ name: 'granite-code:3b', architecture: 'llama' })), { kind: 'raw', family: 'granite' });
    assert.deepEqual(planFim(model({ name: 'stable-code:3b', architecture: 'stablelm' })), { kind: 'raw', family: 'stable-code' });
    assert.deepEqual(planFim(model({ name: 'deepseek-coder:6.7b', architecture: 'llama' })), { kind: 'raw', family: 'deepseek' });
    // Not the instruct or python CodeLlamas, nor CodeGemma 7B-it (Ollama's docs / ai.google.dev).
    assert.equal(planFim(model({ name: 'codellama:7b-instruct', template: LLAMA2_TEMPLATE, architecture: 'llama' })).kind, 'unsupported');
    assert.equal(planFim(model({ name: 'codegemma:7b-instruct', architecture: 'gemma' })).kind, 'unsupported');
  });

  test('a custom name over StarCoder2 weights: the architecture is evidence enough', () => {
    assert.deepEqual(planFim(model({ name: 'team-completer:latest', template: CHATML_TEMPLATE, architecture: 'starcoder2', details: { family: 'starcoder2' } })), {
      kind: 'raw',
      family: 'starcoder',
    });
  });

  test('insert capability without a known family still uses the template', () => {
    assert.deepEqual(planFim(model({ name: 'mystery:1b', caps: ['completion', 'insert'], template: '{{ if .Suffix }}A{{ .Prompt }}B{{ .Suffix }}C{{ end }}' })), { kind: 'insert' });
  });
});

const input: FimInput = { prefix: 'def add(a, b):\n    ', suffix: '\n\nprint(add(1, 2))\n', path: 'src/add.py', languageId: 'python', related: [] };
const P = input.prefix;
const S = input.suffix;

describe('buildFimPrompt: raw strings per family', () => {
  const expected: [FimPlan & { kind: 'raw' }, string][] = [
    [{ kind: 'raw', family: 'qwen' }, `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`],
    [{ kind: 'raw', family: 'deepseek' }, `<\uFF5Cfim\u2581begin\uFF5C>${P}<\uFF5Cfim\u2581hole\uFF5C>${S}<\uFF5Cfim\u2581end\uFF5C>`],
    [{ kind: 'raw', family: 'codellama' }, `<PRE> ${P} <SUF>${S} <MID>`],
    [{ kind: 'raw', family: 'codestral' }, `[SUFFIX]${S}[PREFIX] ${P}`],
    [{ kind: 'raw', family: 'starcoder' }, `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`],
    [{ kind: 'raw', family: 'granite' }, `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`],
    [{ kind: 'raw', family: 'stable-code' }, `<fim_prefix>${P}<fim_suffix>${S}<fim_middle>`],
    [{ kind: 'raw', family: 'codegemma' }, `<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`],
  ];
  for (const [plan, prompt] of expected) {
    test(plan.family, () => {
      const built = buildFimPrompt(plan, input);
      assert.equal(built.prompt, prompt);
      assert.equal(built.raw, true);
      assert.equal(built.suffix, undefined, 'raw mode never sends suffix (it would trigger the insert check)');
    });
  }

  test('DeepSeek tokens use U+FF5C and U+2581, never ASCII | or _', () => {
    const prompt = buildFimPrompt({ kind: 'raw', family: 'deepseek' }, { ...input, prefix: 'x', suffix: 'y' }).prompt;
    assert.equal(prompt, '<\uFF5Cfim\u2581begin\uFF5C>x<\uFF5Cfim\u2581hole\uFF5C>y<\uFF5Cfim\u2581end\uFF5C>');
    assert.ok(!prompt.includes('|') && !prompt.includes('_'));
  });

  test('Codestral has no [MIDDLE] token', () => {
    assert.ok(!buildFimPrompt({ kind: 'raw', family: 'codestral' }, input).prompt.includes('[MIDDLE]'));
  });

  test('Qwen repository-level format: other files first, the current file last', () => {
    const built = buildFimPrompt(
      { kind: 'raw', family: 'qwen' },
      {
        ...input,
        repoName: 'calc',
        related: [
          { path: 'src/util.py', languageId: 'python', text: 'def sub(a, b):\n    return a - b\n' },
          { path: 'README.md', languageId: 'markdown', text: '# calc' },
        ],
      },
    );
    assert.equal(
      built.prompt,
      '<|repo_name|>calc\n' +
        '<|file_sep|>src/util.py\ndef sub(a, b):\n    return a - b\n' +
        '<|file_sep|>README.md\n# calc\n' +
        `<|file_sep|>src/add.py\n<|fim_prefix|>${P}<|fim_suffix|>${S}<|fim_middle|>`,
    );
  });

  test('no related files: no repository header', () => {
    assert.ok(!buildFimPrompt({ kind: 'raw', family: 'qwen' }, { ...input, repoName: 'calc' }).prompt.includes('<|file_sep|>'));
  });
});

describe('buildFimPrompt: insert mode', () => {
  test('prefix as prompt, suffix as suffix, templated', () => {
    const built = buildFimPrompt({ kind: 'insert', family: 'qwen' }, input);
    assert.deepEqual({ prompt: built.prompt, suffix: built.suffix, raw: built.raw }, { prompt: P, suffix: S, raw: false });
  });

  test('never an empty prompt (Ollama would only load the model) nor an empty suffix (chat render)', () => {
    const start = buildFimPrompt({ kind: 'insert' }, { ...input, prefix: '' });
    assert.equal(start.prompt, '\n');
    const end = buildFimPrompt({ kind: 'insert' }, { ...input, suffix: '' });
    assert.equal(end.suffix, '\n');
  });

  test('Qwen with related files switches to the raw repository-level string', () => {
    const built = buildFimPrompt({ kind: 'insert', family: 'qwen' }, { ...input, related: [{ path: 'a.py', languageId: 'python', text: 'A = 1\n' }] });
    assert.equal(built.raw, true);
    assert.equal(built.suffix, undefined);
    assert.ok(built.prompt.startsWith('<|file_sep|>a.py\nA = 1\n<|file_sep|>src/add.py\n<|fim_prefix|>'));
  });

  test('an unsupported plan cannot be built', () => {
    assert.throws(() => buildFimPrompt({ kind: 'unsupported', reason: 'chat model' }, input), /chat model/);
  });
});

describe('fimStopTokens', () => {
  test('each family stops on its own end and FIM tokens', () => {
    const has = (plan: FimPlan, ...tokens: string[]) => {
      const stops = fimStopTokens(plan);
      for (const t of tokens) assert.ok(stops.includes(t), `${JSON.stringify(plan)} lacks ${t}`);
      assert.equal(new Set(stops).size, stops.length, 'no duplicates');
    };
    has({ kind: 'raw', family: 'qwen' }, '<|endoftext|>', '<|file_sep|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<|fim_pad|>', '<|repo_name|>', '<|im_start|>', '<|im_end|>');
    has({ kind: 'raw', family: 'deepseek' }, '<\uFF5Cend\u2581of\u2581sentence\uFF5C>', '<\uFF5Cfim\u2581begin\uFF5C>', '<\uFF5Cfim\u2581hole\uFF5C>', '<\uFF5Cfim\u2581end\uFF5C>', '<|EOT|>');
    has({ kind: 'raw', family: 'codellama' }, '<EOT>', '</s>', '<PRE>', '<SUF>', '<MID>');
    has({ kind: 'raw', family: 'codestral' }, '</s>', '[PREFIX]', '[SUFFIX]', '[MIDDLE]');
    has({ kind: 'raw', family: 'starcoder' }, '<|endoftext|>', '<file_sep>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>');
    has({ kind: 'raw', family: 'codegemma' }, '<|file_separator|>', '<|fim_prefix|>', '<|fim_suffix|>', '<|fim_middle|>', '<eos>');
    has({ kind: 'raw', family: 'granite' }, '<|endoftext|>', '<fim_prefix>', '<fim_middle>', '<fim_suffix>', '<fim_pad>');
    has({ kind: 'raw', family: 'stable-code' }, '<|endoftext|>', '<fim_prefix>', '<fim_suffix>', '<fim_middle>', '<fim_pad>');
    has({ kind: 'insert', family: 'qwen' }, '<|file_sep|>', '<|endoftext|>');
  });

  test('defensive stops for every plan, even of unknown family; no HTML-looking </s> outside Llama/Mistral', () => {
    const unknown = fimStopTokens({ kind: 'insert' });
    assert.ok(unknown.includes('<|endoftext|>') && unknown.includes('<\uFF5Cend\u2581of\u2581sentence\uFF5C>'));
    assert.ok(!fimStopTokens({ kind: 'raw', family: 'qwen' }).includes('</s>'));
    assert.deepEqual(fimStopTokens({ kind: 'unsupported', reason: 'x' }), []);
  });
});

describe('stripSpecialTokens', () => {
  test('cuts at any family token', () => {
    const leaks = [
      '<\uFF5Cend\u2581of\u2581sentence\uFF5C>',
      '<|end\u2581of\u2581sentence|>',
      '<|file_sep|>',
      '<|endoftext|>',
      '<|im_end|>',
      '<|file_separator|>',
      '<EOT>',
      '<MID>',
      '<fim_middle>',
      '<file_sep>',
      '[PREFIX]',
      '<|EOT|>',
      '<end_of_turn>',
    ];
    for (const leak of leaks) assert.equal(stripSpecialTokens(`return 1${leak}more code`), 'return 1', leak);
  });

  test('leaves code that only looks similar', () => {
    for (const code of ['<pre>text</pre>', 'a <|> b', 'x = y | z', 'let v: Vec<u8> = vec![];', '<s>old</s> new', 'if (a < b && c > d) {}']) {
      assert.equal(stripSpecialTokens(code), code);
    }
    assert.equal(stripSpecialTokens('old</s> new'), 'old', 'a </s> the completion did not open is an end of sequence');
  });

  test('an echoed middle marker at the start is dropped, not everything', () => {
    assert.equal(stripSpecialTokens('<fim_middle>x = 1'), 'x = 1');
    assert.equal(stripSpecialTokens('<|fim_middle|>x = 1<|endoftext|>'), 'x = 1');
  });
});
