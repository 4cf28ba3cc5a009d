/** Which models may chat, what the picker says about them, and the Markdown export. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chatContextLength, chatFitness, templateHasSystemSlot, toViewModel } from '../../../src/core/chat/chat-models';
import { newConversation } from '../../../src/core/chat/conversation';
import { conversationToMarkdown } from '../../../src/core/chat/export-markdown';
import { DEFAULT_PRESETS, readPresets } from '../../../src/core/chat/presets';
import type { Capability, ModelInfo } from '../../../src/core/ollama/types';
import { CHAT_MODELS, R1_PREFILL_TEMPLATE } from '../../ollama-sim/chat-models';

function info(name: string, caps: Capability[], template = '', contextLength?: number): ModelInfo {
  return { name, capabilities: new Set(caps), capabilitiesInferred: false, template, details: { parameterSize: '7B' }, parameters: '', system: '', ...(contextLength ? { contextLength } : {}) };
}

describe('chat models', () => {
  test('FIM-only and embedding models are refused with a reason; chat models pass', () => {
    assert.equal(chatFitness(info('dolphin3:8b', ['completion', 'tools'])).ok, true);
    for (const bad of [info('qwen2.5-coder:1.5b-base', ['completion', 'insert']), info('codellama:7b-code', ['completion', 'insert']), info('nomic-embed-text:latest', ['embedding'])]) {
      const f = chatFitness(bad);
      assert.equal(f.ok, false, bad.name);
      if (!f.ok) assert.match(f.reason, new RegExp(bad.name.replace(/[.:]/g, '\\$&')));
    }
  });

  test('older templates with no system slot are flagged (Llama2-uncensored, Nous-Hermes), chat templates are not', () => {
    assert.equal(templateHasSystemSlot('### HUMAN:\n{{ .Prompt }}\n\n### RESPONSE:\n'), false);
    const hermes = CHAT_MODELS.find((m) => m.name === 'nous-hermes:13b');
    assert.equal(templateHasSystemSlot(hermes?.template ?? ''), false);
    for (const m of CHAT_MODELS.filter((x) => x.name !== 'nous-hermes:13b')) assert.equal(templateHasSystemSlot(m.template ?? ''), true, m.name);
  });

  test('the picker badges thinking for a pre-filled R1 distill, and Think only where Ollama supports it', () => {
    const r1 = toViewModel(info('r1-distill', ['completion'], R1_PREFILL_TEMPLATE));
    assert.ok(r1.badges.includes('thinking'));
    assert.equal(r1.canThink, false, 'no `think` option for a model without the capability');
    assert.equal(toViewModel(info('qwen3:8b', ['completion', 'tools', 'thinking'])).canThink, true);
  });

  test('num_ctx is the setting, capped by what the model supports', () => {
    assert.equal(chatContextLength(info('a', ['completion'], '', 4096), 8192), 4096);
    assert.equal(chatContextLength(info('b', ['completion'], '', 131072), 8192), 8192);
    assert.equal(chatContextLength(undefined, 8192), 8192);
  });

  test('default presets add no refusal or moralising text; bad preset entries are skipped', () => {
    for (const p of DEFAULT_PRESETS) assert.doesNotMatch(p.prompt, /refuse|ethical|harmful|appropriate|cannot help|as an ai/i);
    assert.deepEqual(readPresets([{ id: 'x', prompt: 'p' }, { id: 'x', prompt: 'dup' }, { id: 'bad id!', prompt: '' }, 'nope']).map((p) => p.id), ['x']);
    assert.deepEqual(readPresets(undefined), [...DEFAULT_PRESETS]);
  });

  test('export as Markdown: questions, context, answers, reasoning collapsed, a fence that holds backticks', () => {
    const c = newConversation(0, 'none');
    c.title = 'Fences';
    c.turns.push({ id: 'u', role: 'user', content: 'why?', reasoning: '', status: 'done', context: [{ id: 'c', kind: 'file', label: 'a.md', tokens: 2, text: 'x ``` y', languageId: 'markdown' }] });
    c.turns.push({ id: 'a', role: 'assistant', content: 'because', reasoning: 'hmm', status: 'stopped', model: 'qwen3:8b' });
    const md = conversationToMarkdown(c);
    assert.match(md, /^# Fences/);
    assert.match(md, /````markdown\nx ``` y\n````/);
    assert.match(md, /## qwen3:8b\n\n<details><summary>Thinking<\/summary>\n\nhmm\n\n<\/details>\n\nbecause/);
    assert.match(md, /_\(stopped\)_/);
  });
});
