/**
 * The server host over LSP: features register their capabilities for their own
 * documents when the client can register dynamically (VS Code), and announce
 * them statically otherwise (Neovim's default client).
 */
import assert from 'node:assert/strict';
import { afterEach, before, describe, it } from 'node:test';
import type { ClientCapabilities, DocumentSelector, Registration } from 'vscode-languageserver-protocol';
import { buildServer } from '../../bench/build-server';
import { LspClient } from '../../bench/lsp-client';

const ROOT = 'file:///work/project';
const dynamicClient: ClientCapabilities = {
  textDocument: {
    inlineCompletion: { dynamicRegistration: true },
    completion: { dynamicRegistration: true },
    hover: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true },
    formatting: { dynamicRegistration: true },
  },
};

let serverPath = '';
const clients: LspClient[] = [];

async function start(capabilities?: ClientCapabilities, completion: Record<string, unknown> = {}): Promise<{ client: LspClient; result: Awaited<ReturnType<LspClient['initialize']>> }> {
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '127.0.0.1:9' } });
  clients.push(client);
  const result = await client.initialize({ ollamaHost: 'http://127.0.0.1:9', completion }, ROOT, capabilities);
  return { client, result };
}

async function registration(client: LspClient, method: string, pred: (r: Registration) => boolean = () => true): Promise<Registration> {
  for (let i = 0; i < 400; i++) {
    const found = client.registrations.find((r) => r.method === method && pred(r));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${method} was never registered; registered: ${client.registrations.map((r) => r.method).join(', ')}`);
}

function selectorOf(r: Registration): DocumentSelector {
  return (r.registerOptions as { documentSelector: DocumentSelector }).documentSelector;
}

before(async () => {
  serverPath = await buildServer();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});


describe('capabilities per feature', () => {
  it('names itself unbound', async () => {
    const { result } = await start();
    assert.equal(result.serverInfo?.name, 'unbound');
  });

  it('a client without dynamic registration gets inline completion statically', async () => {
    const { result, client } = await start();
    assert.equal(result.capabilities.inlineCompletionProvider, true);
    // Give the server the time it would take to register: nothing may come.
    await client.connection.sendRequest('shutdown');
    assert.deepEqual(client.registrations, []);
  });

  it('a client with dynamic registration gets inline completion registered for real documents, not announced statically', async () => {
    const { result, client } = await start(dynamicClient);
    assert.equal(result.capabilities.inlineCompletionProvider, undefined);
    const inline = await registration(client, 'textDocument/inlineCompletion');
    assert.deepEqual(selectorOf(inline), [{ scheme: 'file' }, { scheme: 'untitled' }]);
  });

  it('inline completion follows the languages the user enabled, and is registered again when they change', async () => {
    const { client } = await start(dynamicClient, { languages: { '*': false, python: true } });
    const first = await registration(client, 'textDocument/inlineCompletion');
    assert.deepEqual(selectorOf(first), [{ scheme: 'file', language: 'python' }, { scheme: 'untitled', language: 'python' }]);
    await client.changeConfiguration({ ollamaHost: 'http://127.0.0.1:9', completion: { languages: { '*': false, go: true, rust: true } } });
    const second = await registration(client, 'textDocument/inlineCompletion', (r) => r.id !== first.id);
    assert.deepEqual(
      selectorOf(second).map((f) => (typeof f === 'string' ? f : f.language)),
      ['go', 'go', 'rust', 'rust'],
    );
    assert.equal(client.registrations.filter((r) => r.method === 'textDocument/inlineCompletion').length, 1, 'the old registration is gone');
  });
});
