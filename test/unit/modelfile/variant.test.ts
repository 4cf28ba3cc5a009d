/**
 * New variant: the Modelfile it opens is one Ollama accepts as is, keeps the
 * model's template and stop sequences, and its system prompt adds no refusal.
 * Also the model-name check the create command asks with.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelNameProblem } from '../../../src/core/modelfile/model-name';
import { parseModelfile } from '../../../src/core/modelfile/parse';
import { validateModelfile } from '../../../src/core/modelfile/validate';
import { DEFAULT_VARIANT_SYSTEM, parseShownParameters, quoteValue, variantModelfile } from '../../../src/core/modelfile/variant';

const template = '{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}{{ range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n';
const parameters = 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"\ntemperature                    0.6';

describe('new variant Modelfile', () => {
  const text = variantModelfile({ model: 'dolphin3:8b', template, parameters });
  const parsed = parseModelfile(text);

  it('is accepted by Ollama as it is', () => {
    assert.deepEqual(validateModelfile(text, parsed), []);
  });
  it('is FROM the model, with its template and stop sequences and the common parameters', () => {
    const get = (name: string) => parsed.instructions.filter((i) => i.name === name);
    assert.equal(get('from')[0]?.value, 'dolphin3:8b');
    assert.equal(get('template')[0]?.value, template);
    const params = get('parameter').map((p) => [p.argument?.text, p.value]);
    assert.deepEqual(params.filter(([n]) => n === 'stop'), [['stop', '<|im_start|>'], ['stop', '<|im_end|>']]);
    assert.deepEqual(params.find(([n]) => n === 'temperature'), ['temperature', '0.6'], "the model's own value wins");
    for (const common of ['top_p', 'top_k', 'num_ctx', 'repeat_penalty']) assert.ok(params.some(([n]) => n === common), common);
  });
  it('has an editable system prompt that adds no refusal', () => {
    assert.equal(parsed.instructions.find((i) => i.name === 'system')?.value, DEFAULT_VARIANT_SYSTEM);
    assert.doesNotMatch(DEFAULT_VARIANT_SYSTEM, /refus|cannot|can't|sorry|ethic|harm|appropriate|safe/i);
  });
  it('reads /api/show parameters, quotes values as Ollama serialises them', () => {
    assert.deepEqual(parseShownParameters(parameters), [['stop', '<|im_start|>'], ['stop', '<|im_end|>'], ['temperature', '0.6']]);
    assert.equal(quoteValue('plain'), 'plain');
    assert.equal(quoteValue(' padded'), '" padded"');
    assert.equal(quoteValue('two\nlines'), '"""two\nlines"""');
  });
});

describe('model names', () => {
  it('takes what Ollama takes and says what is wrong otherwise', () => {
    for (const ok of ['my-model', 'me/my-model:v1', 'hf.co/org/repo:Q4_K_M', 'qwen2.5-coder:7b']) assert.equal(modelNameProblem(ok), undefined, ok);
    for (const bad of ['', ' x', 'has space', '-dash', 'a:b:c', 'x/y/z/w']) assert.ok(modelNameProblem(bad), bad);
  });
});
