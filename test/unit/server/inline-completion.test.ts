/**
 * The bundled completion server driven over LSP (stdio) exactly as an editor
 * does, against the Ollama simulator: what reaches Ollama, what comes back as
 * ghost text, what happens on cancellation, faults and wrong models.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { OllamaSimulator, type RecordedRequest } from '../../ollama-sim/simulator';
import { buildServer } from '../../bench/build-server';
import { LspClient, positionAt } from '../../bench/lsp-client';
import { INLINE_COMPLETION_REFRESH_CAPABILITY, InlineCompletionCursorNotification, type CompletionServerSettings } from '../../../src/protocol/completion';
import { until } from '../completion/engine-harness';

const FIM_MODEL = 'qwen2.5-coder:1.5b-base';
const CHAT_MODEL = 'dolphin3:8b';
const ROOT = 'file:///work/project';
const A_TS = `${ROOT}/src/a.ts`;

let serverPath = '';
let sim: OllamaSimulator;
const clients: LspClient[] = [];

function settings(completion: CompletionServerSettings['completion'] = {}): CompletionServerSettings {
  return {
    ollamaHost: sim.url,
    completion: { model: FIM_MODEL, debounceMs: 0, adaptiveDebounce: false, contextLength: 4096, ...completion },
  };
}

async function startClient(options: CompletionServerSettings = settings()): Promise<LspClient> {
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
  clients.push(client);
  await client.initialize(options, ROOT);
  return client;
}

function generates(): RecordedRequest[] {
  return sim.requests.filter((r) => r.path === '/api/generate');
}

/** Text with a `|` where the cursor is: returns the text without it and the cursor offset. */
function cursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf('|');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

before(async () => {
  serverPath = await buildServer();
  sim = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 2000 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
  sim.reset();
  sim.configure({ ttftMs: 5, tokensPerSecond: 2000 });
});

after(async () => {
  await sim.stop();
});

describe('completion server over LSP', () => {
  it('announces inline completion and incremental sync', async () => {
    const client = LspClient.spawn({ serverPath });
    clients.push(client);
    const result = await client.initialize(settings(), ROOT);
    assert.equal(result.capabilities.inlineCompletionProvider, true);
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
  });

  it('shows the model continuation at the cursor and sends a FIM request with the fixed context size and no thinking', async () => {
    const client = await startClient();
    const { text, offset } = cursor('export function add(a: number, b: number): number {\n  return |\n}\n');
    await client.open(A_TS, 'typescript', text);
    sim.script({ response: ['a', ' +', ' b', ';'] });

    const items = await client.inlineCompletion(A_TS, offset).result;

    assert.ok(items && items.length === 1, `expected one item, got ${JSON.stringify(items)}`);
    assert.equal(items[0]!.insertText, 'a + b;');
    const at = positionAt(text, offset);
    assert.deepEqual(items[0]!.range, { start: at, end: at });
    const [generate] = generates();
    assert.ok(generate);
    assert.equal(generate.body.model, FIM_MODEL);
    assert.equal(generate.body.think, false);
    assert.equal(generate.body.options?.num_ctx, 4096);
    assert.ok(generate.body.prompt?.includes('  return '), 'the prompt carries the text before the cursor');
    // The model reports `insert`: Ollama's template does the FIM, so the text after the cursor goes as suffix.
    assert.notEqual(generate.body.raw, true);
    assert.ok(generate.body.suffix?.includes('\n}'), 'templated FIM sends the text after the cursor as suffix');
  });

  it('keeps num_ctx the same for every request, so Ollama never reloads the model', async () => {
    const client = await startClient(settings({ contextLength: 8192 }));
    const lines = ['const a = 1;', 'const b = 2;', 'const c = 3;'];
    await client.open(A_TS, 'typescript', '');
    let end = 0;
    for (const [i, line] of lines.entries()) {
      client.insert(A_TS, end, `${line}\nconst x${i} = `);
      end = client.text(A_TS).length;
      sim.script({ response: [`${i}`, ';'], times: 1 });
      await client.inlineCompletion(A_TS, end).result;
    }
    const sizes = generates().map((r) => r.body.options?.num_ctx);
    assert.equal(sizes.length, 3);
    assert.deepEqual(new Set(sizes), new Set([8192]));
    assert.equal(sim.reloads, 0);
  });

  it('applies incremental edits: the prompt holds the edited text, not the opened one', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'let total = 0;\n');
    client.edit(A_TS, 4, 9, 'grandTotal'); // total -> grandTotal
    client.insert(A_TS, client.text(A_TS).length, 'grandTotal += ');
    sim.script({ response: ['1', ';'] });
    const items = await client.inlineCompletion(A_TS, client.text(A_TS).length).result;
    assert.equal(items?.[0]?.insertText, '1;');
    const prompt = generates()[0]?.body.prompt ?? '';
    assert.ok(prompt.includes('let grandTotal = 0;\ngrandTotal += '), prompt);
  });

  it('replaces an auto-closed bracket after the cursor instead of doubling it', async () => {
    const client = await startClient();
    const { text, offset } = cursor('function greet(name: string) {\n  console.log(|)\n}\n');
    await client.open(A_TS, 'typescript', text);
    sim.script({ response: ['name', ')'] });
    const items = await client.inlineCompletion(A_TS, offset).result;
    const item = items?.[0];
    assert.ok(item?.range, 'a completion with a range is shown');
    // Accepting it the way the editor does: the range is replaced by insertText.
    const lines = text.split('\n');
    const line = lines[item.range.start.line]!;
    const accepted = line.slice(0, item.range.start.character) + String(item.insertText) + line.slice(item.range.end.character);
    assert.equal(item.range.start.line, positionAt(text, offset).line);
    assert.equal(item.range.end.line, item.range.start.line);
    assert.equal(accepted, '  console.log(name)');
  });

  it('answers a CRLF document with CRLF line breaks, and an LF document with LF', async () => {
    const client = await startClient();
    const crlf = 'function f(): number {\r\n  \r\n}\r\n';
    const crlfOffset = crlf.indexOf('  \r\n') + 2;
    await client.open(A_TS, 'typescript', crlf);
    sim.script({ response: ['const x = 1;', '\n', '  return x;', '\n', '}'], times: 1 });
    const crlfItems = await client.inlineCompletion(A_TS, crlfOffset).result;
    assert.equal(crlfItems?.[0]?.insertText, 'const x = 1;\r\n  return x;');
    // The model's own CRLF in an LF file becomes LF.
    const B_TS = `${ROOT}/src/b.ts`;
    const lf = 'function g(): number {\n  \n}\n';
    await client.open(B_TS, 'typescript', lf);
    sim.script({ response: ['const y = 2;', '\r\n', '  return y;', '\r\n', '}'], times: 1 });
    const lfItems = await client.inlineCompletion(B_TS, lf.indexOf('  \n') + 2).result;
    assert.equal(lfItems?.[0]?.insertText, 'const y = 2;\n  return y;');
  });

  it('typing into the ghost text is answered without a new generation', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const greeting = ');
    sim.script({ response: ["'hel", 'lo w', "orld'", ';'] });
    const first = await client.inlineCompletion(A_TS, 17).result;
    assert.equal(first?.[0]?.insertText, "'hello world';");

    client.insert(A_TS, 17, "'he");
    const second = await client.inlineCompletion(A_TS, 20).result;
    assert.equal(second?.[0]?.insertText, "llo world';");
    assert.equal(generates().length, 1);
  });

  it('a keystroke that supersedes a slow generation aborts it at Ollama, and the new one is served', async () => {
    sim.configure({ ttftMs: 3000, tokensPerSecond: 20 });
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'const value = ');
    sim.script({ match: { promptIncludes: 'const value = ' }, response: ['42', ';'] });
    const first = client.inlineCompletion(A_TS, 14);
    const stale = await sim.waitFor((r) => r.path === '/api/generate');

    // What VS Code does on a keystroke: didChange, cancel the old request, ask again.
    sim.configure({ ttftMs: 5, tokensPerSecond: 2000 });
    client.insert(A_TS, 0, 'export ');
    first.cancel();
    const second = client.inlineCompletion(A_TS, 21);

    const aborted = await sim.waitFor((r) => r.id === stale.id && r.aborted, 2000);
    // Aborted while still in its 3 s time to first token: the server did not wait for the stale answer.
    assert.equal(aborted.chunksSent, 0);
    // The didChange may end it before the cancellation arrives ([]), or after (null): either way nothing stale shows.
    assert.equal((await first.result)?.length ?? 0, 0);
    const items = await second.result;
    assert.equal(items?.[0]?.insertText, '42;');
    assert.ok(generates().at(-1)?.body.prompt?.includes('export const value = '));
  });

  it('a chat model set for completions gets one notice naming installed FIM models, however often the user types', async () => {
    const client = await startClient(settings({ model: CHAT_MODEL }));
    await client.open(A_TS, 'typescript', 'const x = ');
    for (let i = 0; i < 4; i++) {
      client.insert(A_TS, client.text(A_TS).length, `${i}`);
      const items = await client.inlineCompletion(A_TS, client.text(A_TS).length).result;
      assert.deepEqual(items, []);
    }
    const notice = await client.waitFor(client.notices, (n) => n.kind === 'model-not-fim');
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(client.notices.length, 1);
    assert.equal(notice.params.kind, 'model-not-fim');
    if (notice.params.kind === 'model-not-fim') {
      assert.equal(notice.params.model, CHAT_MODEL);
      assert.ok(notice.params.fimModels.includes(FIM_MODEL), JSON.stringify(notice.params));
    }
    await client.waitFor(client.statuses, (s) => s.kind === 'model-not-fim');
    assert.equal(generates().length, 0, 'nothing was generated with the chat model');
  });

  it('no model set: a no-model notice, then completions once the client sends a model', async () => {
    const client = await startClient(settings({ model: '' }));
    await client.open(A_TS, 'typescript', 'let n = ');
    assert.deepEqual(await client.inlineCompletion(A_TS, 8).result, []);
    await client.waitFor(client.notices, (n) => n.kind === 'no-model');

    await client.changeConfiguration(settings());
    sim.script({ response: ['7', ';'] });
    const items = await client.inlineCompletion(A_TS, 8).result;
    assert.equal(items?.[0]?.insertText, '7;');
  });

  for (const fault of [
    { kind: 'malformed', afterChunks: 1 },
    { kind: 'error-line', afterChunks: 1, message: 'an error was encountered while running the model' },
    { kind: 'drop', afterChunks: 1 },
    { kind: 'status', code: 500, error: 'llama runner process has terminated' },
  ] as const) {
    it(`a broken reply (${fault.kind}) costs one completion, not the server`, async () => {
      const client = await startClient();
      await client.open(A_TS, 'typescript', 'const a = ');
      sim.script({ response: ['1', '2', '3', ';'], fault: { ...fault, path: '/api/generate' }, times: 1 });
      const broken = await client.inlineCompletion(A_TS, 10).result;
      assert.deepEqual(broken, []);

      client.insert(A_TS, 10, '(');
      sim.script({ response: ['4', ');'] });
      const items = await client.inlineCompletion(A_TS, 11).result;
      assert.equal(items?.[0]?.insertText, '4);');
      assert.ok(client.alive);
    });
  }

  it('Ollama not running: one daemon-down notice naming the host, and the server stays up', async () => {
    const closed = await OllamaSimulator.start();
    const url = closed.url;
    await closed.stop();
    const client = await startClient({ ...settings(), ollamaHost: url });
    await client.open(A_TS, 'typescript', 'let b = ');
    for (let i = 0; i < 3; i++) assert.deepEqual(await client.inlineCompletion(A_TS, 8).result, []);
    const notice = await client.waitFor(client.notices, (n) => n.kind === 'daemon-down');
    assert.deepEqual(notice.params, { kind: 'daemon-down', host: url });
    assert.equal(client.notices.length, 1);
    assert.ok(client.alive);
  });

  it('a bare "configuration changed" from an editor keeps the settings the server has', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'let m = ');
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { editor: { tabSize: 2 } } });
    sim.script({ response: ['8', ';'] });
    assert.equal((await client.inlineCompletion(A_TS, 8).result)?.[0]?.insertText, '8;');
    assert.equal(generates()[0]?.body.model, FIM_MODEL);
  });

  it('a new host from the client is used from the next request on', async () => {
    const other = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 2000 });
    try {
      const client = await startClient();
      await client.open(A_TS, 'typescript', 'let c = ');
      await client.changeConfiguration({ ...settings(), ollamaHost: other.url });
      other.script({ response: ['3', ';'] });
      const items = await client.inlineCompletion(A_TS, 8).result;
      assert.equal(items?.[0]?.insertText, '3;');
      assert.equal(generates().length, 0);
      assert.equal(other.requests.filter((r) => r.path === '/api/generate').length, 1);
    } finally {
      await other.stop();
    }
  });

  it('a new password for the same host is sent from the next request on', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'let e = ');
    const withUser = (userinfo: string) => sim.url.replace('://', `://${userinfo}@`);
    const authOfLastGenerate = () => generates().at(-1)?.headers['authorization'];
    await client.changeConfiguration({ ...settings(), ollamaHost: withUser('me:old') });
    sim.script({ response: ['1', ';'] });
    await client.inlineCompletion(A_TS, 8).result;
    assert.equal(authOfLastGenerate(), `Basic ${Buffer.from('me:old').toString('base64')}`);
    await client.changeConfiguration({ ...settings(), ollamaHost: withUser('me:new') });
    client.insert(A_TS, 8, '1;\nlet f = ');
    sim.script({ response: ['2', ';'] });
    await client.inlineCompletion(A_TS, client.text(A_TS).length).result;
    assert.equal(authOfLastGenerate(), `Basic ${Buffer.from('me:new').toString('base64')}`);
  });

  it('yields to chat: no generation while the extension reports a chat stream', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'let d = ');
    await client.setForegroundStreams(1);
    await client.waitFor(client.statuses, (s) => s.kind === 'paused-for-chat');
    assert.deepEqual(await client.inlineCompletion(A_TS, 8).result, []);
    assert.equal(generates().length, 0);

    await client.setForegroundStreams(0);
    sim.script({ response: ['5', ';'] });
    assert.equal((await client.inlineCompletion(A_TS, 8).result)?.[0]?.insertText, '5;');
  });

  it('serves files and untitled editors only, not output panes or other virtual documents', async () => {
    const client = await startClient();
    await client.open('output:extension-output-1', 'log', 'some log line ');
    await client.open('untitled:Untitled-1', 'python', 'def f():\n    return ');
    sim.script({ response: ['1'] });
    assert.equal(await client.inlineCompletion('output:extension-output-1', 14).result, null);
    assert.equal(generates().length, 0);
    const items = await client.inlineCompletion('untitled:Untitled-1', 20).result;
    assert.equal(items?.[0]?.insertText, '1');
  });

  it('gives the model recently edited open files as repository context, by workspace-relative path', async () => {
    const client = await startClient();
    await client.open(`${ROOT}/src/money.ts`, 'typescript', 'export function formatCents(cents: number): string {\n  return `$${(cents / 100).toFixed(2)}`;\n}\n');
    client.insert(`${ROOT}/src/money.ts`, 0, '// money helpers\n');
    await client.open(A_TS, 'typescript', "import { formatCents } from './money';\nconst label = ");
    sim.script({ response: ['formatCents', '(250);'] });
    await client.inlineCompletion(A_TS, client.text(A_TS).length).result;
    const prompt = generates()[0]?.body.prompt ?? '';
    assert.ok(prompt.includes('src/money.ts'), prompt);
    assert.ok(prompt.includes('formatCents(cents: number)'), prompt);
    assert.ok(prompt.includes('src/a.ts'), prompt);
    assert.ok(!prompt.includes('file:///'), 'paths are workspace-relative');
  });

  it('reports the requests it served in the request log, newest first', async () => {
    const client = await startClient();
    await client.open(A_TS, 'typescript', 'let e = ');
    sim.script({ response: ['9', ';'] });
    await client.inlineCompletion(A_TS, 8).result;
    await client.setForegroundStreams(1);
    await client.inlineCompletion(A_TS, 8).result;
    const log = await client.requestLog();
    assert.equal(log.length, 2);
    assert.equal(log[0]!.outcome, 'skipped');
    assert.match(log[0]!.reason ?? '', /yield-to-chat/);
    assert.equal(log[1]!.outcome, 'shown');
    assert.equal(log[1]!.final, '9;');
    assert.equal(log[1]!.model, FIM_MODEL);
  });

  /** A client that takes streamed completions (as Unbound's VS Code client does), in `add()`'s return, the model held after its first words. */
  async function streamingClientInAdd(): Promise<{ client: LspClient; text: string; offset: number }> {
    const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
    clients.push(client);
    await client.initialize(settings(), ROOT, {
      textDocument: { inlineCompletion: { dynamicRegistration: false } },
      experimental: { [INLINE_COMPLETION_REFRESH_CAPABILITY]: true },
    });
    const { text, offset } = cursor('export function add(a: number, b: number): number {\n  return |\n}\n');
    await client.open(A_TS, 'typescript', text);
    sim.script({ response: ['a * 2 + ', 'b', ';', '\n'], holdAfterTokens: 1 });
    return { client, text, offset };
  }

  it('streams to a client that asks again when told: the first words, a refresh for that version and cursor, then the whole line', async () => {
    const { client, text, offset } = await streamingClientInAdd();
    const first = await client.inlineCompletion(A_TS, offset).result;
    assert.equal(first?.[0]?.insertText, 'a * 2 +', 'the first whole words, while the model writes');
    assert.equal(client.refreshes.length, 0);
    sim.releaseHeld();
    const refresh = await client.waitFor(client.refreshes, () => true);
    const at = positionAt(text, offset);
    assert.deepEqual(refresh.params, {
      textDocument: { uri: A_TS, version: 1 },
      position: at,
      change: 'updated',
      items: [{ insertText: 'a * 2 + b;', range: { start: at, end: at } }],
    });
    const whole = await client.inlineCompletion(A_TS, offset, 'manual').result;
    assert.equal(whole?.[0]?.insertText, 'a * 2 + b;');
    assert.equal(generates().length, 1, 'asking again does not generate again');
  });

  it('stops a streamed completion\'s generation when the client says the cursor left it', async () => {
    const { client, text, offset } = await streamingClientInAdd();
    const first = await client.inlineCompletion(A_TS, offset).result;
    assert.equal(first?.[0]?.insertText, 'a * 2 +');
    // A position no editor sends (the notice is untrusted like any other): a place that matches nothing.
    await client.connection.sendNotification(InlineCompletionCursorNotification.type, { textDocument: { uri: A_TS, version: 1 }, position: { line: -1, character: 0.5 } });
    const withdrawn = await client.waitFor(client.refreshes, (p) => p.change === 'withdrawn', 10_000);
    assert.deepEqual(withdrawn.params.position, positionAt(text, offset));
    await until(() => generates()[0]?.aborted === true, 10_000, 'the generation to be closed at the simulator');
    assert.ok(client.alive, 'the server runs on');
  });

  it('gives a client without the refresh capability (Neovim) finished completions only, and never a refresh', async () => {
    const client = await startClient();
    const { text, offset } = cursor('export function add(a: number, b: number): number {\n  return |\n}\n');
    await client.open(A_TS, 'typescript', text);
    sim.script({ response: ['a * 2 + ', 'b', ';', '\n'], holdAfterTokens: 1 });
    const pending = client.inlineCompletion(A_TS, offset).result;
    await until(() => sim.heldCount === 1, 10_000, 'the model to write its first words');
    sim.releaseHeld();
    assert.equal((await pending)?.[0]?.insertText, 'a * 2 + b;');
    assert.equal(client.refreshes.length, 0);
  });

  it('exits cleanly on shutdown/exit', async () => {
    const client = LspClient.spawn({ serverPath });
    await client.initialize(settings(), ROOT);
    assert.equal(await client.stop(), 0);
  });
});
