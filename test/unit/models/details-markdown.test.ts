import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../../../src/core/models/catalog';
import { detailsMarkdown } from '../../../src/core/models/details-markdown';
import type { ModelInfo } from '../../../src/core/ollama/types';

const info: ModelInfo = {
  name: 'dolphin3:8b',
  capabilities: new Set(['completion']),
  capabilitiesInferred: false,
  template: '{{ .System }}```\n{{ .Prompt }}',
  details: { family: 'llama', parameterSize: '8.0B', quantizationLevel: 'Q4_K_M', format: 'gguf' },
  contextLength: 131072,
  architecture: 'llama',
  parameters: 'stop                           "<|im_start|>"',
  system: 'You are Dolphin, a helpful AI assistant.',
};

test('details name capabilities, FIM, context, and what the catalog claims with unverified labels', () => {
  const md = detailsMarkdown({ name: 'dolphin3:8b', info, catalog: loadCatalog().find('dolphin3:8b'), nowMs: 0 });
  assert.match(md, /^# dolphin3:8b$/m);
  assert.match(md, /\*\*Capabilities:\*\* `completion`/);
  assert.match(md, /\*\*Fill-in-the-middle:\*\* no: the template has no suffix/);
  assert.match(md, /\*\*Context length \(model\):\*\* 131,072 tokens/);
  assert.match(md, /\*\*Download size:\*\* ~4\.9 GB \*\(unverified\)\*/);
  assert.match(md, /\*\*Uncensored:\*\* yes/);
  assert.match(md, /You are Dolphin/);
});

test('a template containing backticks cannot break out of its code fence', () => {
  const md = detailsMarkdown({ name: 'x:1b', info, nowMs: 0 });
  const templateSection = md.slice(md.indexOf('## Template'));
  assert.match(templateSection, /^````text\n\{\{ \.System \}\}```\n\{\{ \.Prompt \}\}\n````$/m);
  assert.doesNotMatch(md, /What Unbound's catalog says/);
});

test('an old server: capabilities are marked as inferred', () => {
  const md = detailsMarkdown({ name: 'x:1b', info: { ...info, capabilitiesInferred: true }, nowMs: 0 });
  assert.match(md, /inferred from the template/);
});
