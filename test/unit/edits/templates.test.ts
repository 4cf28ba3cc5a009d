import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ACTION_KINDS, DEFAULT_PROMPTS, DEFAULT_SYSTEM_PROMPT, promptTemplate, renderTemplate, type PromptVariables } from '../../../src/core/edits/templates';

const vars: PromptVariables = {
  language: 'python',
  fileName: 'src/stats.py',
  selection: 'def mean(xs):\n    return sum(xs) / len(xs)',
  diagnostics: '',
  surroundingCode: '',
  instruction: '',
  docStyle: 'a PEP 257 docstring',
  testFramework: 'pytest',
};

test('variables are filled in; the selection is fenced with its language', () => {
  const { text, unknown } = renderTemplate('Fix {{language}} in {{fileName}}:\n{{selection}}', vars);
  assert.equal(text, 'Fix python in src/stats.py:\n```python\ndef mean(xs):\n    return sum(xs) / len(xs)\n```');
  assert.deepEqual(unknown, []);
});

test('a section appears only when its variable is not empty', () => {
  const template = 'Fix it.\n{{#diagnostics}}Problems:\n{{diagnostics}}\n{{/diagnostics}}Done.';
  assert.equal(renderTemplate(template, vars).text, 'Fix it.\nDone.');
  assert.equal(renderTemplate(template, { ...vars, diagnostics: 'line 2 error: undefined name' }).text, 'Fix it.\nProblems:\nline 2 error: undefined name\nDone.');
});

test('code with ``` inside gets a longer fence, so it cannot end the block early', () => {
  const { text } = renderTemplate('{{selection}}', { ...vars, selection: 'doc = """\n```\nx\n```\n"""' });
  assert.ok(text.startsWith('````python\n') && text.endsWith('\n````'), text);
});

test('a value holding {{...}} is the user\'s text, not expanded again', () => {
  const { text } = renderTemplate('Do: {{instruction}}', { ...vars, instruction: 'print {{selection}} literally' });
  assert.equal(text, 'Do: print {{selection}} literally');
});

test('unknown variables in a user template are reported and left as written', () => {
  const { text, unknown } = renderTemplate('{{langauge}} {{language}}', vars);
  assert.equal(text, '{{langauge}} python');
  assert.deepEqual(unknown, ['langauge']);
});

test('a user template overrides the default; a blank one does not', () => {
  assert.equal(promptTemplate('fix', { fix: 'Just fix {{selection}}' }), 'Just fix {{selection}}');
  assert.equal(promptTemplate('fix', { fix: '   ' }), DEFAULT_PROMPTS.fix);
  assert.equal(promptTemplate('refactor', {}), DEFAULT_PROMPTS.refactor);
});

test('the default prompts carry the selection and add no refusal or moralising text', () => {
  for (const kind of ACTION_KINDS) {
    const { text, unknown } = renderTemplate(DEFAULT_PROMPTS[kind], { ...vars, instruction: 'use sum' });
    assert.deepEqual(unknown, [], kind);
    assert.ok(text.includes('return sum(xs) / len(xs)'), `${kind} carries the code`);
    assert.doesNotMatch(`${DEFAULT_SYSTEM_PROMPT}\n${text}`, /\b(?:ethic|harm|refuse|safe(?:ty)?|appropriate|responsib|policy|guideline)/i, kind);
  }
});

test('Fix names the diagnostics; Edit names the instruction', () => {
  assert.match(renderTemplate(DEFAULT_PROMPTS.fix, { ...vars, diagnostics: 'line 2 error: x is not defined' }).text, /line 2 error: x is not defined/);
  assert.match(renderTemplate(DEFAULT_PROMPTS.edit, { ...vars, instruction: 'make it async' }).text, /make it async/);
});

test('the system prompt default shown in settings is the one the actions send', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default?: unknown }> }[] } };
  const setting = manifest.contributes.configuration.map((c) => c.properties['unbound.actions.systemPrompt']).find(Boolean);
  assert.equal(setting?.default, DEFAULT_SYSTEM_PROMPT);
});
