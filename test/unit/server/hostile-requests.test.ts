/**
 * The bundled completion server over LSP against a broken or hostile Ollama
 * (the simulator's faults) and against bad requests from the editor: every case
 * costs at most one completion, shows nothing it should not, and leaves no state
 * behind that outlives the fault.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCodes, ResponseError } from 'vscode-jsonrpc';
import { DidChangeTextDocumentNotification, InlineCompletionRequest, InlineCompletionTriggerKind } from 'vscode-languageserver-protocol';
import type { LspClient } from '../../bench/lsp-client';
import type { CompletionServerSettings } from '../../../src/protocol/completion';
import { ROOT, useCompletionServer } from './lsp-harness';

const FIM_MODEL = 'qwen2.5-coder:1.5b-base';
const A_TS = `${ROOT}/src/a.ts`;
const QWEN_FIM_TEMPLATE = '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{- else }}{{ .Prompt }}{{- end }}';

const server = useCompletionServer();
function settings(completion: CompletionServerSettings['completion'] = {}, extra: Partial<CompletionServerSettings> = {}): CompletionServerSettings {
  return {
    ollamaHost: server.sim().url,
    ...extra,
    completion: { model: FIM_MODEL, debounceMs: 0, adaptiveDebounce: false, contextLength: 4096, ...completion },
  };
}

const startClient = (options: CompletionServerSettings = settings()): Promise<LspClient> => server.start(options);
const generates = () => server.generates();

function requestAt(client: LspClient, position: { line: number; character: number }): Promise<unknown> {
  return client.connection.sendRequest(InlineCompletionRequest.type, {
    textDocument: { uri: A_TS },
    position,
    context: { triggerKind: InlineCompletionTriggerKind.Invoked },
  });
}

describe('unbounded output from the server', () => {
  it('one 500 000-character token is cut to a bounded completion, and the request log stays small', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1'] });
    server.sim().setFault({ kind: 'huge-line', afterChunks: 0, chars: 500_000, path: '/api/generate', times: 1 });
    const items = await client.inlineCompletion(A_TS, 10, 'manual').result;
    const shown = items?.[0]?.insertText;
    const length = typeof shown === 'string' ? shown.length : 0;
    assert.ok(length <= 128 * 16, `ghost text of ${length} characters`);
    const log = await client.requestLog();
    assert.ok(JSON.stringify(log).length < 100_000, `the request log reply is ${JSON.stringify(log).length} characters`);
  });

  it('a server that ignores num_predict is stopped by the client at maxTokens', async () => {
    const client = await startClient(settings({ maxTokens: 8, multiline: 'always' }));
    await client.open(A_TS, 'typescript', 'function f() {\n  \n}\n');
    server.sim().script({ response: Array.from({ length: 400 }, (_, i) => `  x${i};\n`), ignoreNumPredict: true });
    const items = await client.inlineCompletion(A_TS, 17, 'manual').result;
    const record = await server.sim().waitFor((r) => r.path === '/api/generate' && r.endedAt !== undefined);
    assert.ok(record.aborted, 'the client closed the stream');
    assert.ok(record.tokensGenerated < 400, `${record.tokensGenerated} tokens were generated`);
    const shown = String(items?.[0]?.insertText ?? '');
    assert.ok(shown.split('\n').length <= 9, `ghost text of ${shown.split('\n').length} lines`);
  });
});

describe('a stream that falls silent', () => {
  it('ends in a timeout error after the idle limit the client set, instead of "generating" for ever', { timeout: 30_000 }, async () => {
    const client = await startClient(settings({}, { streamIdleTimeoutSeconds: 5 }));
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().setFault({ kind: 'silent', afterChunks: 0, path: '/api/generate' });
    const items = await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.deepEqual(items, []);
    const status = await client.waitFor(client.statuses, (s) => s.kind === 'error');
    assert.deepEqual(status.params, { kind: 'error', cause: { kind: 'timeout', ms: 5000 } });
    const record = await server.sim().waitFor((r) => r.path === '/api/generate' && r.endedAt !== undefined);
    assert.equal(record.aborted, true);
  });
});

describe('a malformed /api/show', () => {
  for (const body of [{}, [], null]) {
    it(`answered ${JSON.stringify(body)} once is not taken as "not a FIM model" for good`, async () => {
      const client = await startClient();
      await client.open(A_TS, 'typescript', 'const a = ');
      server.sim().setFault({ kind: 'reply', body, path: '/api/show', times: 1 });
      assert.deepEqual(await client.inlineCompletion(A_TS, 10, 'manual').result, []);
      assert.equal(generates().length, 0);

      client.insert(A_TS, 10, '(');
      server.sim().script({ response: ['4', ');'] });
      const items = await client.inlineCompletion(A_TS, 11, 'manual').result;
      assert.equal(items?.[0]?.insertText, '4);');
      assert.equal(client.notices.filter((n) => n.params.kind === 'model-not-fim').length, 0, 'nobody was told it is a chat model');
      assert.equal(client.statuses.filter((s) => s.params.kind === 'model-not-fim').length, 0);
    });
  }

  it('a cancelled request is answered when it is cancelled, not when a slow /api/show gives up', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().setFault({ kind: 'slow-headers', ms: 10_000, path: '/api/show' });
    const pending = client.inlineCompletion(A_TS, 10, 'manual');
    const show = await server.sim().waitFor((r) => r.path === '/api/show');
    pending.cancel();
    assert.equal(await pending.result, null);
    assert.equal(show.endedAt, undefined, 'the answer came while /api/show was still running');
  });
});

describe('contextLength', () => {
  it('far above any model is clamped, and the log says so', async () => {
    const client = await startClient(settings({ contextLength: 1e9 }));
    await client.open(A_TS, 'typescript', 'const a = ');
    // A server whose /api/show tells no context length: only the sane maximum applies.
    server.sim().setFault({ kind: 'reply', body: { capabilities: ['completion', 'insert'], template: QWEN_FIM_TEMPLATE, model_info: {} }, path: '/api/show' });
    server.sim().script({ response: ['1;'] });
    await client.inlineCompletion(A_TS, 10, 'manual').result;
    const numCtx = generates()[0]?.body.options?.['num_ctx'];
    assert.equal(typeof numCtx, 'number');
    assert.ok((numCtx as number) <= 131_072, `num_ctx ${String(numCtx)}`);
    assert.ok(client.logs.some((l) => /contextLength/.test(l.message) && /131072/.test(l.message)), 'the clamp is logged');
  });

  it('is clamped to the model\'s own context length from /api/show', async () => {
    const client = await startClient(settings({ contextLength: 1e9 }));
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1;'] });
    await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.equal(generates()[0]?.body.options?.['num_ctx'], 32768);
    assert.ok(client.logs.some((l) => /contextLength/.test(l.message) && /32768/.test(l.message)), 'the clamp is logged');
  });
});

describe('bad requests from the editor', () => {
  for (const [what, position] of [
    ['a line past the end', { line: 99, character: 0 }],
    ['a negative line', { line: -1, character: 0 }],
    ['a negative character', { line: 0, character: -3 }],
    ['a fractional character', { line: 0, character: 2.5 }],
  ] as const) {
    it(`${what} is answered InvalidParams and starts no generation`, async () => {
      const client = await startClient();
      await client.open(A_TS, 'typescript', 'const a = \n');
      const error = await requestAt(client, position).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof ResponseError, `expected an error reply, got ${String(error)}`);
      assert.equal(error.code, ErrorCodes.InvalidParams);
      assert.match(error.message, /position/);
      assert.equal(generates().length, 0);
      assert.ok(client.alive);
    });
  }

  it('a character past the end of its line means the end of the line (LSP), and the range says so', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const a = \nnext\n');
    server.sim().script({ response: ['1;'] });
    const items = (await requestAt(client, { line: 0, character: 500 })) as { range: { start: unknown } }[];
    assert.deepEqual(items[0]?.range.start, { line: 0, character: 10 });
  });

  it('a didChange with a range outside the document does not corrupt the server\'s copy; reopening resyncs it', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const a = ');
    await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: A_TS, version: 2 },
      contentChanges: [{ range: { start: { line: 40, character: 0 }, end: { line: 40, character: 0 } }, text: 'INJECTED' }],
    });
    server.sim().script({ response: ['1;'] });
    const items = await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.ok(generates().every((g) => !String(g.body.prompt).includes('INJECTED')), 'the bad edit never reached a prompt');
    assert.ok(items === null || items.length === 0, 'nothing is completed from a copy known to be out of sync');
    assert.ok(client.logs.some((l) => /out of sync|outside/.test(l.message)), 'the log says why');

    await client.close(A_TS);
    await client.open(A_TS, 'typescript', 'const b = ');
    const again = await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.equal(again?.[0]?.insertText, '1;');
  });

  it('after an out-of-range change, the whole text from the editor resyncs the copy', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const a = ');
    const change = (version: number, contentChanges: unknown[]) =>
      client.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: A_TS, version }, contentChanges } as never);
    await change(2, [{ range: { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } }, text: 'X' }]);
    await change(3, [{ text: 'let c = ' }]);
    server.sim().script({ response: ['2;'] });
    const items = (await requestAt(client, { line: 0, character: 8 })) as { insertText: string }[];
    assert.equal(items[0]?.insertText, '2;');
    assert.ok(String(generates()[0]?.body.prompt).includes('let c = '));
  });
});
