/**
 * Creating a model from a Modelfile against the simulator, which answers the
 * blob and JSON create endpoints as Ollama does: local files are hashed and
 * uploaded once, the request carries typed parameters, the new model is
 * listed, and failures come back with Ollama's message and the line they concern.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createModelfileApi } from '../../../src/core/modelfile/create-client';
import { instructionForError } from '../../../src/core/modelfile/create-request';
import { forgeModel, type ForgeProgress } from '../../../src/core/modelfile/forge';
import { nodeLocalFiles } from '../../../src/core/modelfile/node-local-files';
import { parseModelfile } from '../../../src/core/modelfile/parse';
import { OllamaError } from '../../../src/core/ollama/errors';
import { resolveHost } from '../../../src/core/ollama/host';
import { useSimulator } from '../ollama-sim/use-simulator';

const sim = useSimulator();

function api() {
  return createModelfileApi({ host: resolveHost(sim().url, undefined) });
}

async function forge(text: string, model: string, directory?: string) {
  const progress: ForgeProgress[] = [];
  const request = await forgeModel({
    api: api(),
    files: nodeLocalFiles,
    parsed: parseModelfile(text),
    model,
    paths: { directory, home: tmpdir() },
    signal: new AbortController().signal,
    onProgress: (p) => progress.push(p),
  });
  return { request, progress };
}

async function tags(): Promise<string[]> {
  const body = (await (await fetch(`${sim().url}/api/tags`)).json()) as { models: { name: string }[] };
  return body.models.map((m) => m.name);
}

describe('create from a model name', () => {
  it('sends the JSON request with typed parameters, messages and license, streams the status, and the model is listed', async () => {
    const text = [
      'FROM dolphin3:8b',
      'SYSTEM """You are terse."""',
      'PARAMETER temperature 0.3',
      'PARAMETER num_ctx 8192',
      'PARAMETER use_mmap false',
      'PARAMETER stop "<|im_end|>"',
      'PARAMETER stop "</s>"',
      'PARAMETER mirostat 1',
      'MESSAGE user hi',
      'MESSAGE assistant hello',
      'LICENSE MIT',
      'REQUIRES v0.14.0',
      '',
    ].join('\n');
    const { request, progress } = await forge(text, 'terse-dolphin');
    assert.deepEqual(sim().requests.find((r) => r.path === '/api/create')?.body, request);
    assert.deepEqual(request.parameters, { temperature: 0.3, num_ctx: 8192, use_mmap: false, stop: ['<|im_end|>', '</s>'] });
    assert.deepEqual(request.messages, [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }]);
    assert.equal(request.from, 'dolphin3:8b');
    assert.equal(request.requires, '0.14.0');
    const statuses = progress.flatMap((p) => (p.kind === 'status' ? [p.progress.status] : []));
    assert.equal(statuses.at(-1), 'success');
    assert.ok(statuses.includes('writing manifest'));
    assert.ok((await tags()).includes('terse-dolphin:latest'));
  });

  it('a template Ollama cannot parse fails with its message, which points at the TEMPLATE line', async () => {
    const text = 'FROM dolphin3:8b\nTEMPLATE """{{ .Prompt """\n';
    await assert.rejects(forge(text, 'broken'), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.equal(e.cause.kind, 'bad-request');
      assert.match(e.message, /template error: template: :1: unclosed action/);
      assert.equal(instructionForError(parseModelfile(text), e.message)?.name, 'template');
      return true;
    });
    assert.ok(!(await tags()).includes('broken:latest'));
  });

  it('an unknown base model fails in the stream with Ollama\'s message, at the FROM line', async () => {
    const text = 'SYSTEM hi\nFROM no-such-model:1b\n';
    await assert.rejects(forge(text, 'x'), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.match(e.message, /model 'no-such-model:1b' not found/);
      assert.equal(instructionForError(parseModelfile(text), e.message)?.name, 'from');
      return true;
    });
  });
});

describe('create from local files', () => {
  it('hashes and uploads FROM and ADAPTER files as blobs first, once, then creates from them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unbound-forge-'));
    const weights = Buffer.alloc(200_000, 7);
    writeFileSync(join(dir, 'weights.gguf'), weights);
    writeFileSync(join(dir, 'lora.gguf'), 'adapter bytes');
    const digest = `sha256:${createHash('sha256').update(weights).digest('hex')}`;
    const text = 'FROM ./weights.gguf\nADAPTER ./lora.gguf\nTEMPLATE {{ .Prompt }}\n';

    const first = await forge(text, 'local-model', dir);
    assert.deepEqual(first.request.files, { 'weights.gguf': digest });
    assert.equal(first.request.from, undefined);
    assert.deepEqual(Object.keys(first.request.adapters ?? {}), ['lora.gguf']);
    const uploads = sim().requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/blobs/'));
    assert.deepEqual(uploads.map((r) => r.path), [`/api/blobs/${digest}`, `/api/blobs/${first.request.adapters?.['lora.gguf']}`]);
    const sent = first.progress.filter((p) => p.kind === 'uploading' && p.file === 'weights.gguf').at(-1);
    assert.deepEqual(sent, { kind: 'uploading', file: 'weights.gguf', sent: weights.length, total: weights.length });
    assert.ok((await tags()).includes('local-model:latest'));

    const second = await forge(text, 'local-model-2', dir);
    assert.equal(sim().requests.filter((r) => r.method === 'POST' && r.path.startsWith('/api/blobs/')).length, 2, 'blobs the server has are not sent again');
    assert.ok(second.progress.some((p) => p.kind === 'present' && p.file === 'weights.gguf'));
  });
});

describe('simulator blob endpoints answer as Ollama', () => {
  it('HEAD is 404 then 200; a body with another digest is a 400 naming both; a bad digest is 400', async () => {
    const body = Buffer.from('hello');
    const digest = `sha256:${createHash('sha256').update(body).digest('hex')}`;
    const url = `${sim().url}/api/blobs/${digest}`;
    assert.equal((await fetch(url, { method: 'HEAD' })).status, 404);
    assert.equal((await fetch(url, { method: 'POST', body })).status, 201);
    assert.equal((await fetch(url, { method: 'HEAD' })).status, 200);
    const other = `sha256:${'0'.repeat(64)}`;
    const mismatch = await fetch(`${sim().url}/api/blobs/${other}`, { method: 'POST', body });
    assert.equal(mismatch.status, 400);
    assert.deepEqual(await mismatch.json(), { error: `digest mismatch, expected "${other}", got "${digest}"` });
    const bad = await fetch(`${sim().url}/api/blobs/md5:abc`, { method: 'POST', body });
    assert.equal(bad.status, 400);
    assert.deepEqual(await bad.json(), { error: 'invalid digest format' });
  });

  it('create from a blob that was never uploaded fails with the open error, before anything streams', async () => {
    const missing = `sha256:${'a'.repeat(64)}`;
    const response = await fetch(`${sim().url}/api/create`, { method: 'POST', body: JSON.stringify({ model: 'm', files: { 'w.gguf': missing } }) });
    assert.equal(response.status, 500);
    assert.deepEqual(await response.json(), { error: `open /root/.ollama/models/blobs/sha256-${'a'.repeat(64)}: no such file or directory` });
  });
});

describe('create client against a hostile server', () => {
  const request = { model: 'm', from: 'dolphin3:8b', stream: true } as const;
  const statuses = async (api: ReturnType<typeof createModelfileApi>, seen: string[]): Promise<void> => {
    for await (const p of api.create(request)) seen.push(p.status);
  };

  it('a create that falls silent after a status line fails with the idle limit once nothing came for that long, and closes the request', { timeout: 20_000 }, async () => {
    sim().setFault({ kind: 'silent', afterChunks: 1, path: '/api/create' });
    const seen: string[] = [];
    await assert.rejects(statuses(createModelfileApi({ host: resolveHost(sim().url, undefined), idleMs: 200 }), seen), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.deepEqual(e.cause, { kind: 'timeout', ms: 200 });
      return true;
    });
    assert.equal(seen.length, 1, 'the status line before the silence arrived');
    const record = await sim().waitFor((r) => r.path === '/api/create' && r.endedAt !== undefined);
    assert.equal(record.aborted, true);
  });

  it('a status line that never ends fails as malformed at the line limit', { timeout: 20_000 }, async () => {
    sim().setFault({ kind: 'endless-line', afterChunks: 0, path: '/api/create' });
    await assert.rejects(statuses(createModelfileApi({ host: resolveHost(sim().url, undefined) }), []), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.equal(e.cause.kind, 'malformed');
      assert.match(e.message, /longer than 1 MiB/);
      return true;
    });
  });

  it('an error status with a plain-text body fails with that text', async () => {
    const fake = createModelfileApi({
      host: resolveHost('http://127.0.0.1:9', undefined),
      fetch: () => Promise.resolve(new Response('disk full\n', { status: 500, headers: { 'content-type': 'text/plain' } })),
    });
    await assert.rejects(statuses(fake, []), (e: unknown) => {
      assert.ok(e instanceof OllamaError);
      assert.deepEqual(e.cause, { kind: 'server', status: 500, message: 'disk full' });
      return true;
    });
  });

  it('a reply that ends without "success" is an error, not a created model', async () => {
    const fake = createModelfileApi({
      host: resolveHost('http://127.0.0.1:9', undefined),
      fetch: () => Promise.resolve(new Response('{"status":"parsing GGUF"}\n', { status: 200 })),
    });
    await assert.rejects(
      (async () => {
        for await (const _ of fake.create({ model: 'm', from: 'x', stream: true })) void _;
      })(),
      /ended before/,
    );
  });
});
