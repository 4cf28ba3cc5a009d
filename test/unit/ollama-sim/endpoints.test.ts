// The simulator's non-generating endpoints against docs/reference/ollama-api.md sections 1-5 and 9-10.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { call, post } from './http';
import { useSimulator } from './use-simulator';

describe('ollama-sim: server basics', () => {
  const sim = useSimulator();

  it('listens on 127.0.0.1 on a random port', () => {
    assert.match(sim().url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(sim().port, 11434);
  });

  it('GET / and HEAD / say "Ollama is running"', async () => {
    const get = await call(`${sim().url}/`, 'GET');
    assert.equal(get.status, 200);
    assert.equal(get.text, 'Ollama is running');
    const head = await call(`${sim().url}/`, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.text, '');
  });

  it('GET /api/version reports the configured version', async () => {
    assert.deepEqual((await call(`${sim().url}/api/version`, 'GET')).json, { version: '0.33.0' });
    sim().configure({ version: '0.5.7' });
    assert.deepEqual((await call(`${sim().url}/api/version`, 'GET')).json, { version: '0.5.7' });
    assert.equal((await call(`${sim().url}/api/version`, 'HEAD')).status, 200);
  });

  it('answers unknown paths 404 and wrong methods 405 like gin', async () => {
    const missing = await call(`${sim().url}/api/nope`, 'GET');
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '404 page not found');
    const wrong = await call(`${sim().url}/api/generate`, 'GET');
    assert.equal(wrong.status, 405);
  });

  it('answers a POST without body 400 "missing request body" and bad JSON 400', async () => {
    for (const path of ['/api/show', '/api/generate', '/api/chat', '/api/pull']) {
      const r = await post(`${sim().url}${path}`);
      assert.equal(r.status, 400, path);
      assert.deepEqual(r.json, { error: 'missing request body' });
      assert.match(String(r.contentType), /^application\/json/);
    }
    const bad = await post(`${sim().url}/api/show`, '{nope');
    assert.equal(bad.status, 400);
    assert.match(String((bad.json as { error: string }).error), /invalid character/);
  });

  it('a field of the wrong JSON type is a 400 worded like Go\'s encoding/json', async () => {
    const r = await post(`${sim().url}/api/generate`, { model: 5, prompt: 'x' });
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, { error: 'json: cannot unmarshal number into Go struct field GenerateRequest.model of type string' });
  });

  it('records every API request but not the /__sim/ controls', async () => {
    await call(`${sim().url}/api/version`, 'GET');
    await post(`${sim().url}/__sim/configure`, { ttftMs: 5 });
    await post(`${sim().url}/api/show`, { model: 'dolphin3:8b' });
    assert.deepEqual(sim().requests.map((r) => `${r.method} ${r.path} ${r.status}`), ['GET /api/version 200', 'POST /api/show 200']);
    const show = sim().requests[1];
    assert.deepEqual(show?.body, { model: 'dolphin3:8b' });
    assert.equal(typeof show?.startedAt, 'number');
    assert.ok((show?.endedAt ?? 0) >= (show?.startedAt ?? Infinity));
    assert.equal(show?.aborted, false);
  });
});

describe('ollama-sim: /api/tags', () => {
  const sim = useSimulator({ models: [{ name: 'mini', sizeBytes: 1234, parameterSize: '1.1B', quantization: 'Q8_0', family: 'llama' }] }, { resetEach: false });

  it('lists installed models in Ollama\'s shape; a bare name gets :latest', async () => {
    const r = await call(`${sim().url}/api/tags`, 'GET');
    assert.equal(r.status, 200);
    const body = r.json as { models: Record<string, unknown>[] };
    assert.equal(body.models.length, 1);
    const m = body.models[0] ?? {};
    assert.equal(m['name'], 'mini:latest');
    assert.equal(m['model'], 'mini:latest');
    assert.equal(m['size'], 1234);
    assert.match(String(m['digest']), /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(String(m['modified_at']))));
    assert.deepEqual(m['details'], {
      parent_model: '', format: 'gguf', family: 'llama', families: ['llama'], parameter_size: '1.1B', quantization_level: 'Q8_0', context_length: 4096,
    });
  });

  it('has the default models when none are given', async () => {
    const other = await OllamaSimulator.start();
    try {
      const names = ((await call(`${other.url}/api/tags`, 'GET')).json as { models: { name: string }[] }).models.map((m) => m.name).sort();
      assert.deepEqual(names, ['deepseek-r1:7b', 'dolphin3:8b', 'qwen2.5-coder:1.5b-base']);
    } finally {
      await other.stop();
    }
  });

  it('omits capabilities and details.context_length before v0.30.0', async () => {
    sim().configure({ version: '0.29.0' });
    const m = ((await call(`${sim().url}/api/tags`, 'GET')).json as { models: Record<string, Record<string, unknown>>[] }).models[0];
    assert.equal(m?.['capabilities'], undefined);
    assert.equal(m?.['details']?.['context_length'], undefined);
    sim().configure({ version: '0.33.0' });
  });
});

describe('ollama-sim: /api/show', () => {
  const sim = useSimulator();

  it('returns capabilities, template, details, model_info with <arch>.context_length, parameters text', async () => {
    const r = await post(`${sim().url}/api/show`, { model: 'dolphin3:8b' });
    assert.equal(r.status, 200);
    const body = r.json as Record<string, unknown>;
    assert.deepEqual(body['capabilities'], ['completion']);
    assert.match(String(body['template']), /<\|im_start\|>/);
    assert.equal((body['model_info'] as Record<string, unknown>)['llama.context_length'], 131072);
    assert.equal((body['model_info'] as Record<string, unknown>)['general.architecture'], 'llama');
    assert.equal(body['parameters'], `${'stop'.padEnd(30)} "<|im_start|>"\n${'stop'.padEnd(30)} "<|im_end|>"`);
    assert.equal(body['system'], 'You are Dolphin, a helpful AI assistant.');
    assert.equal((body['details'] as Record<string, unknown>)['family'], 'llama');
    assert.match(String(body['modelfile']), /^# Modelfile generated by "ollama show"/);
  });

  it('derives insert from .Suffix and thinking from <think> like Ollama', async () => {
    const fim = (await post(`${sim().url}/api/show`, { model: 'qwen2.5-coder:1.5b-base' })).json as Record<string, unknown>;
    assert.deepEqual(fim['capabilities'], ['completion', 'insert']);
    assert.equal((fim['model_info'] as Record<string, unknown>)['qwen2.context_length'], 32768);
    const r1 = (await post(`${sim().url}/api/show`, { model: 'deepseek-r1:7b' })).json as Record<string, unknown>;
    assert.deepEqual(r1['capabilities'], ['completion', 'thinking']);
  });

  it('accepts the deprecated `name` field', async () => {
    assert.equal((await post(`${sim().url}/api/show`, { name: 'dolphin3:8b' })).status, 200);
  });

  it('answers 404 "model \'x\' not found" and 400 "model is required"', async () => {
    const missing = await post(`${sim().url}/api/show`, { model: 'nope:1b' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: "model 'nope:1b' not found" });
    const empty = await post(`${sim().url}/api/show`, {});
    assert.equal(empty.status, 400);
    assert.deepEqual(empty.json, { error: 'model is required' });
  });

  it('omits capabilities before v0.6.4, leaving the template to infer from', async () => {
    sim().configure({ version: '0.6.3' });
    const body = (await post(`${sim().url}/api/show`, { model: 'qwen2.5-coder:1.5b-base' })).json as Record<string, unknown>;
    assert.equal('capabilities' in body, false);
    assert.match(String(body['template']), /\.Suffix/);
  });

  it('shows a model added by the test with its own facts', async () => {
    sim().addModel({ name: 'coder:fim', capabilities: ['completion', 'insert'], contextLength: 16384, architecture: 'starcoder2' });
    const body = (await post(`${sim().url}/api/show`, { model: 'coder:fim' })).json as Record<string, unknown>;
    assert.deepEqual(body['capabilities'], ['completion', 'insert']);
    assert.equal((body['model_info'] as Record<string, unknown>)['starcoder2.context_length'], 16384);
    assert.match(String(body['template']), /\.Suffix/);
  });
});

describe('ollama-sim: delete, copy, create', () => {
  const sim = useSimulator();

  const tags = async (): Promise<string[]> =>
    ((await call(`${sim().url}/api/tags`, 'GET')).json as { models: { name: string }[] }).models.map((m) => m.name);

  it('DELETE /api/delete: 200 with an empty body, then 404', async () => {
    const ok = await call(`${sim().url}/api/delete`, 'DELETE', { model: 'dolphin3:8b' });
    assert.equal(ok.status, 200);
    assert.equal(ok.text, '');
    assert.ok(!(await tags()).includes('dolphin3:8b'));
    const again = await call(`${sim().url}/api/delete`, 'DELETE', { model: 'dolphin3:8b' });
    assert.equal(again.status, 404);
    assert.deepEqual(again.json, { error: "model 'dolphin3:8b' not found" });
  });

  it('POST /api/copy: 200 empty; a missing source is 404 with double quotes', async () => {
    const ok = await post(`${sim().url}/api/copy`, { source: 'dolphin3:8b', destination: 'my-dolphin' });
    assert.equal(ok.status, 200);
    assert.equal(ok.text, '');
    assert.ok((await tags()).includes('my-dolphin:latest'));
    const missing = await post(`${sim().url}/api/copy`, { source: 'ghost', destination: 'x' });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { error: 'model "ghost" not found' });
  });

  it('POST /api/create streams status lines, ends with success and installs the model with its overrides', async () => {
    const r = await post(`${sim().url}/api/create`, { model: 'dolphin-pirate', from: 'dolphin3:8b', system: 'Talk like a pirate.', parameters: { temperature: 0.2, num_ctx: 8192 } });
    assert.equal(r.status, 200);
    assert.equal(r.contentType, 'application/x-ndjson');
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l) as { status: string });
    assert.match(lines[0]?.status ?? '', /^using existing layer sha256:[0-9a-f]{64}$/);
    assert.ok(lines.some((l) => /^creating new layer sha256:/.test(l.status)));
    assert.deepEqual(lines.slice(-2).map((l) => l.status), ['writing manifest', 'success']);
    const show = (await post(`${sim().url}/api/show`, { model: 'dolphin-pirate' })).json as Record<string, unknown>;
    assert.equal(show['system'], 'Talk like a pirate.');
    assert.match(String(show['parameters']), /num_ctx\s+8192/);
    assert.match(String(show['parameters']), /temperature\s+0\.2/);
  });

  it('POST /api/create rejects a broken template with 400 "template error"', async () => {
    const r = await post(`${sim().url}/api/create`, { model: 'broken', from: 'dolphin3:8b', template: '{{ .Prompt ' });
    assert.equal(r.status, 400);
    assert.match(String((r.json as { error: string }).error), /^template error: /);
  });

  it('POST /api/create with a template that has .Suffix gives the new model insert', async () => {
    await post(`${sim().url}/api/create`, { model: 'dolphin-fim', from: 'dolphin3:8b', template: '<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>', stream: false });
    const show = (await post(`${sim().url}/api/show`, { model: 'dolphin-fim' })).json as Record<string, unknown>;
    assert.deepEqual(show['capabilities'], ['completion', 'insert']);
  });
});
