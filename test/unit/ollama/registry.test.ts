import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_REGISTRY, modelRegistry, pullWarning } from '../../../src/core/ollama/registry';

describe('modelRegistry: where `ollama pull` fetches a name from', () => {
  for (const [name, host] of [
    ['qwen2.5-coder:1.5b-base', DEFAULT_REGISTRY],
    ['llama3', DEFAULT_REGISTRY],
    ['someone/model:tag', DEFAULT_REGISTRY],
    ['hf.co/bartowski/Qwen2.5-Coder-7B-GGUF:Q4_K_M', 'hf.co'],
    ['evil.example.com:5000/ns/model:latest', 'evil.example.com:5000'],
    ['https://evil.example.com/ns/model', 'evil.example.com'],
    ['registry.ollama.ai/library/llama3', DEFAULT_REGISTRY],
  ] as const) {
    it(`${name} -> ${host}`, () => assert.equal(modelRegistry(name), host));
  }
});

describe('pullWarning', () => {
  it('says nothing for the Ollama library', () => {
    assert.equal(pullWarning('qwen2.5-coder:7b'), undefined);
  });
  it('names the other registry before the pull', () => {
    assert.match(pullWarning('evil.example.com/ns/model') ?? '', /evil\.example\.com/);
    assert.match(pullWarning('evil.example.com/ns/model') ?? '', /not the Ollama library/);
  });
});
