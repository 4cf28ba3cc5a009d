/**
 * Modelfiles through the bundled language server over stdio, as VS Code and
 * Neovim drive it: Ollama's verdicts as diagnostics where they belong,
 * completion (installed models from the simulator), hover, outline, opt-in
 * formatting, and nothing Modelfile-specific for other languages.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type ClientCapabilities,
  type CompletionItem,
  type CompletionList,
  type DocumentSelector,
  type DocumentSymbol,
  type Hover,
  type MarkupContent,
  type TextEdit,
} from 'vscode-languageserver-protocol';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { buildServer } from '../../bench/build-server';
import { LspClient, positionAt } from '../../bench/lsp-client';
import type { CompletionServerSettings } from '../../../src/protocol/completion';

const ROOT = 'file:///work/project';
const MODELFILE = `${ROOT}/Modelfile`;
const TS = `${ROOT}/src/a.ts`;
const fixtures = join(__dirname, '../../fixtures/modelfiles');
const authored = JSON.parse(readFileSync(join(fixtures, 'authored.json'), 'utf8')) as { invalid: { name: string; modelfile: string; ollama: string; covers: string; line: number }[] };

const vscodeLike: ClientCapabilities = {
  textDocument: {
    inlineCompletion: { dynamicRegistration: true },
    completion: { dynamicRegistration: true },
    hover: { dynamicRegistration: true },
    documentSymbol: { dynamicRegistration: true },
    formatting: { dynamicRegistration: true },
  },
};

let serverPath = '';
let sim: OllamaSimulator;
const clients: LspClient[] = [];

function settings(more: Partial<CompletionServerSettings> = {}): CompletionServerSettings {
  return { ollamaHost: sim.url, completion: { model: 'qwen2.5-coder:1.5b-base' }, ...more };
}

async function start(capabilities?: ClientCapabilities, options: CompletionServerSettings = settings()): Promise<{ client: LspClient; result: Awaited<ReturnType<LspClient['initialize']>> }> {
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
  clients.push(client);
  const result = await client.initialize(options, ROOT, capabilities);
  return { client, result };
}

async function diagnosticsFor(client: LspClient, uri: string, version: number) {
  const received = await client.waitFor(client.diagnostics, (p) => p.uri === uri && p.version === version);
  return received.params.diagnostics;
}

function complete(client: LspClient, uri: string, offset: number): Promise<CompletionItem[]> {
  return client.connection
    .sendRequest(CompletionRequest.type, { textDocument: { uri }, position: positionAt(client.text(uri), offset) })
    .then((r: CompletionItem[] | CompletionList | null) => (r === null ? [] : Array.isArray(r) ? r : r.items));
}

function hover(client: LspClient, uri: string, offset: number): Promise<Hover | null> {
  return client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionAt(client.text(uri), offset) });
}

/** Whether an editor would send a request for this document under `selector` (language and scheme filters). */
function selects(selector: DocumentSelector, document: { languageId: string; uri: string }): boolean {
  return selector.some((f) => {
    if (typeof f === 'string') return f === document.languageId;
    if ('notebook' in f) return false;
    return (f.language === undefined || f.language === document.languageId) && (f.scheme === undefined || document.uri.startsWith(`${f.scheme}:`));
  });
}

async function registered(client: LspClient, method: string): Promise<DocumentSelector> {
  for (let i = 0; i < 400; i++) {
    const r = client.registrations.find((x) => x.method === method);
    if (r) return (r.registerOptions as { documentSelector: DocumentSelector }).documentSelector;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`${method} not registered`);
}

before(async () => {
  serverPath = await buildServer();
  sim = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 2000 });
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

after(async () => {
  await sim.stop();
});

describe('Modelfile capabilities', () => {
  it('a TypeScript file gets no Modelfile hover or completion requests: they are registered for modelfile documents only', async () => {
    const { client, result } = await start(vscodeLike);
    assert.equal(result.capabilities.hoverProvider, undefined, 'no static hover, which would cover every language');
    assert.equal(result.capabilities.completionProvider, undefined);
    const ts = { languageId: 'typescript', uri: TS };
    const modelfile = { languageId: 'modelfile', uri: MODELFILE };
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/documentSymbol']) {
      const selector = await registered(client, method);
      assert.ok(selects(selector, modelfile), `${method} serves Modelfiles`);
      assert.ok(!selects(selector, ts), `${method} is never asked about TypeScript`);
    }
    assert.ok(!client.registrations.some((r) => r.method === 'textDocument/formatting'), 'formatting is opt-in');
  });

  it('a client without dynamic registration (Neovim) gets static capabilities, and the server answers only for Modelfiles', async () => {
    const { client, result } = await start();
    assert.equal(result.capabilities.hoverProvider, true);
    assert.ok(result.capabilities.completionProvider);
    assert.equal(result.capabilities.documentSymbolProvider, true);
    await client.open(TS, 'typescript', 'const temperature = 1;\n');
    await client.open(MODELFILE, 'modelfile', 'FROM llama3.2\nPARAMETER temperature 1\n');
    assert.equal(await hover(client, TS, 8), null);
    assert.deepEqual(await complete(client, TS, 0), []);
    assert.ok(await hover(client, MODELFILE, 'FROM llama3.2\nPARAMETER te'.length));
    await diagnosticsFor(client, MODELFILE, 1);
    assert.ok(!client.diagnostics.some((d) => d.params.uri === TS), 'no diagnostics are published for TypeScript');
  });

  it('inline completion is never asked of Ollama for a Modelfile, even by a client that asks for every document', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM llama3.2\nSYSTEM ');
    const items = await client.inlineCompletion(MODELFILE, 'FROM llama3.2\nSYSTEM '.length, 'manual').result;
    assert.equal(items, null);
    assert.ok(!sim.requests.some((r) => r.path === '/api/generate'), 'no generation for a Modelfile');
  });
});

describe('Modelfile diagnostics', () => {
  it('the 30 real Modelfiles: no error where Ollama accepts, Ollama\'s error where it rejects', async () => {
    const { client } = await start();
    const sources = JSON.parse(readFileSync(join(fixtures, 'sources.json'), 'utf8')) as Record<string, { ollama_current: { error: string | null } }>;
    const files = readdirSync(join(fixtures, 'real'));
    assert.equal(files.length, 30);
    for (const [i, file] of files.entries()) {
      const uri = `${ROOT}/real-${i}/Modelfile`;
      await client.open(uri, 'modelfile', readFileSync(join(fixtures, 'real', file), 'utf8'));
      // Ollama's own verdicts; our lints (a FROM file missing here) are not Ollama's.
      const errors = (await diagnosticsFor(client, uri, 1)).filter((d) => d.severity === 1 && d.source === 'ollama').map((d) => head(d.message));
      const expected = sources[file]?.ollama_current.error;
      assert.deepEqual(errors.slice(0, 1), expected ? [expected] : [], file);
    }
  });

  it('every authored invalid Modelfile shows Ollama\'s message on the line it concerns', async () => {
    const { client } = await start();
    for (const [i, c] of authored.invalid.entries()) {
      const uri = `${ROOT}/case-${i}/Modelfile`;
      await client.open(uri, 'modelfile', c.modelfile);
      const diagnostics = await diagnosticsFor(client, uri, 1);
      const d = diagnostics.find((x) => head(x.message) === c.ollama);
      assert.ok(d, `${c.name}: ${JSON.stringify(diagnostics.map((x) => x.message))}`);
      assert.equal(d.range.start.line, c.line, c.name);
      assert.equal(d.severity, 1, c.name);
    }
  });

  it('a fix clears the diagnostic on the next change, and a missing FROM ./file is an error', async () => {
    const { client } = await start();
    const text = 'FROM ./missing.gguf\nPARAMETER temperature hot\n';
    await client.open(MODELFILE, 'modelfile', text);
    const first = await diagnosticsFor(client, MODELFILE, 1);
    assert.deepEqual(first.map((d) => [d.range.start.line, head(d.message)]), [
      [0, '/work/project/missing.gguf does not exist'],
      [1, 'invalid float value [hot]'],
    ]);
    const at = text.indexOf('hot');
    const version = client.edit(MODELFILE, at, at + 3, '0.7');
    const second = await diagnosticsFor(client, MODELFILE, version);
    assert.deepEqual(second.map((d) => head(d.message)), ['/work/project/missing.gguf does not exist']);
  });

  it('deprecated parameters and .First are warnings', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM llama3.2\nPARAMETER mirostat 1\nTEMPLATE """{{ if .First }}{{ .System }}{{ end }}{{ .Prompt }}"""\n');
    const diagnostics = await diagnosticsFor(client, MODELFILE, 1);
    assert.deepEqual(diagnostics.map((d) => [d.severity, d.range.start.line]), [[2, 1], [2, 2]]);
    assert.match(head(diagnostics[0]?.message ?? ''), /^warning: parameter mirostat is deprecated/);
  });
});

describe('Modelfile completion and hover', () => {
  it('offers instructions at the start of a line, parameter names with type and default, roles after MESSAGE', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM llama3.2\nPA\nPARAMETER \nMESSAGE \n');
    const text = client.text(MODELFILE);
    const instructions = await complete(client, MODELFILE, text.indexOf('PA\n') + 2);
    assert.ok(instructions.some((i) => i.label === 'PARAMETER'));
    assert.ok(instructions.some((i) => i.label === 'REQUIRES'));
    const names = await complete(client, MODELFILE, text.indexOf('PARAMETER \n') + 'PARAMETER '.length);
    const temperature = names.find((i) => i.label === 'temperature');
    assert.equal(temperature?.detail, 'float, default 0.8');
    assert.ok(!names.some((i) => i.label === 'mirostat' || i.label === 'numa'), 'no deprecated or removed names');
    const roles = await complete(client, MODELFILE, text.indexOf('MESSAGE \n') + 'MESSAGE '.length);
    assert.deepEqual(roles.map((r) => r.label), ['system', 'user', 'assistant']);
  });

  it('offers the installed models after FROM, asked from Ollama', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM \n');
    const items = await complete(client, MODELFILE, 5);
    assert.deepEqual(items.map((i) => i.label).sort(), ['deepseek-r1:7b', 'dolphin3:8b', 'qwen2.5-coder:1.5b-base']);
    assert.ok(sim.requests.some((r) => r.path === '/api/tags'));
  });

  it('offers template variables inside a TEMPLATE action', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM x\nTEMPLATE """\n{{ . }}\n"""\n');
    const items = await complete(client, MODELFILE, client.text(MODELFILE).indexOf('{{ .') + 4);
    assert.ok(items.some((i) => i.label === '.Messages'));
    assert.ok(items.some((i) => i.label === '.Suffix'));
  });

  it('hover documents instructions, parameters with their default, and template variables', async () => {
    const { client } = await start();
    const text = 'from llama3.2\nPARAMETER num_ctx 8192\nTEMPLATE """{{ .Suffix }}"""\n';
    await client.open(MODELFILE, 'modelfile', text);
    const value = async (offset: number) => ((await hover(client, MODELFILE, offset))?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(await value(1), /FROM <model name or path>/);
    assert.match(await value(text.indexOf('num_ctx') + 2), /PARAMETER num_ctx\*\* `int`[\s\S]*Default: 4096/);
    assert.match(await value(text.indexOf('.Suffix') + 2), /insert/);
    assert.equal(await hover(client, MODELFILE, text.indexOf('8192') + 1), null);
  });

  it('outlines each instruction', async () => {
    const { client } = await start();
    await client.open(MODELFILE, 'modelfile', 'FROM llama3.2\nPARAMETER temperature 1\nSYSTEM """Be\nbrief."""\nMESSAGE user hi\n');
    const symbols = (await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: MODELFILE } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.detail, s.range.start.line, s.range.end.line]), [
      ['FROM', 'llama3.2', 0, 0],
      ['PARAMETER temperature', '1', 1, 1],
      ['SYSTEM', 'Be', 2, 3],
      ['MESSAGE user', 'hi', 4, 4],
    ]);
  });

  it('formats only when the user opted in, and then registers the formatter', async () => {
    const { client } = await start(vscodeLike);
    const text = '  from llama3.2  \nparameter\ttemperature   1\nSystem    """hi"""\n';
    await client.open(MODELFILE, 'modelfile', text);
    const format = () => client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri: MODELFILE }, options: { tabSize: 2, insertSpaces: true } });
    assert.equal(await format(), null);
    await client.changeConfiguration(settings({ modelfile: { formatting: true } }));
    assert.deepEqual(await registered(client, 'textDocument/formatting'), [{ language: 'modelfile' }]);
    const edits = (await format()) as TextEdit[];
    assert.equal(applyEdits(text, edits), 'FROM llama3.2\nPARAMETER temperature 1\nSYSTEM """hi"""\n');
  });
});

/** The first line of a diagnostic's message: Ollama's words (the hint follows). */
function head(message: string | MarkupContent): string {
  return (typeof message === 'string' ? message : message.value).split('\n')[0] ?? '';
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const offset = (p: { line: number; character: number }) => {
    let line = 0;
    let i = 0;
    while (line < p.line) if (text[i++] === '\n') line++;
    return i + p.character;
  };
  return [...edits]
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((acc, e) => acc.slice(0, e.start) + e.text + acc.slice(e.end), text);
}
