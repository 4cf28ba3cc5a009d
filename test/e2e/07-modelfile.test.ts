// Modelfiles in a real VS Code: a file named Modelfile is the modelfile language; the language server marks Ollama's errors on their lines; Create sends the model
// to the simulator (local weights uploaded as a blob first) and the new model appears in the tree;
// the Modelfile of an installed model opens in an editor.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { sim } from './support/sim';
import { installedModels, unbound, waitForRunning } from './support/unbound';
import { waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

function workspaceDir(): string {
  const root = process.env.UNBOUND_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return root;
}

/** Writes a Modelfile into the (throwaway) workspace and opens it. */
async function openModelfile(dir: string, text: string): Promise<vscode.TextDocument> {
  const folder = path.join(workspaceDir(), dir);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'Modelfile');
  writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(document);
  return document;
}

function diagnosticsOf(document: vscode.TextDocument): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(document.uri);
}

describe('Unbound Modelfiles', () => {
  let api: UnboundApi;
  let spy: WindowSpy;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    spy = WindowSpy.install();
  });

  after(() => spy?.dispose());

  afterEach(async () => {
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('a file named Modelfile is a Modelfile and shows Ollama\'s errors on their lines', async () => {
    const document = await openModelfile('broken', 'FROM dolphin3:8b\nPARAMETER temprature 0.7\nMESSAGE User hi\nPARAMETER  top_k 40\n');
    assert.equal(document.languageId, 'modelfile');
    const diagnostics = await waitFor('the Modelfile diagnostics', () => {
      const d = diagnosticsOf(document);
      return d.length >= 3 && d;
    }, { describe: () => diagnosticsOf(document).map((d) => d.message) });
    const byLine = diagnostics.map((d) => [d.range.start.line, d.message.split('\n')[0]]).sort();
    assert.deepEqual(byLine, [
      [1, "unknown parameter 'temprature'"],
      [2, '(line 3): message role must be one of "system", "user", or "assistant"'],
      [3, "unknown parameter ''"],
    ]);
    // The highlighting itself is checked in the rendered editor by scripts/ui-smoke.mjs (the extension host cannot see the DOM).
  });

  it('creates a model from the Modelfile in the editor, and the model appears in the Models view', async () => {
    const document = await openModelfile('forge', 'FROM dolphin3:8b\nSYSTEM """You answer like a pirate."""\nPARAMETER temperature 0.9\nPARAMETER stop "<|im_end|>"\n');
    await waitFor('a clean Modelfile', () => diagnosticsOf(document).length === 0 || undefined, { timeoutMs: 5_000 }).catch(() => undefined);
    assert.deepEqual(diagnosticsOf(document).map((d) => d.message), []);
    const created = await vscode.commands.executeCommand<string | undefined>('unbound.modelfile.create', document.uri, 'pirate');
    assert.equal(created, 'pirate');
    await waitFor('pirate:latest in the installed models', async () => (await installedModels(api)).some((l) => l.includes('pirate:latest')), {
      describe: () => api.modelTree(),
    });
    const create = (await sim.requests()).find((r) => r.path === '/api/create' && r.body.model === 'pirate');
    assert.ok(create, 'POST /api/create was sent');
    assert.equal(create.body.from, 'dolphin3:8b');
    assert.equal(create.body.system, 'You answer like a pirate.');
    assert.deepEqual(create.body.parameters, { temperature: 0.9, stop: ['<|im_end|>'] });
    const progress = spy.progress.find((p) => p.title === 'Creating pirate');
    assert.ok(progress?.reports.some((r) => r.message === 'writing manifest'), `the create status streamed: ${JSON.stringify(progress)}`);
  });

  it('uploads a local FROM file as a blob before creating from it', async () => {
    const folder = path.join(workspaceDir(), 'local');
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'tiny.gguf'), Buffer.alloc(4096, 1));
    const document = await openModelfile('local', 'FROM ./tiny.gguf\nTEMPLATE {{ .Prompt }}\n');
    assert.equal(await vscode.commands.executeCommand('unbound.modelfile.create', document.uri, 'tiny-local'), 'tiny-local');
    const requests = await sim.requests();
    const upload = requests.findIndex((r) => r.method === 'POST' && r.path.startsWith('/api/blobs/sha256:'));
    const create = requests.findIndex((r) => r.path === '/api/create' && r.body.model === 'tiny-local');
    assert.ok(upload >= 0 && create > upload, 'the blob went up before the create request');
    assert.deepEqual(Object.keys((requests[create]?.body.files ?? {}) as object), ['tiny.gguf']);
    await waitFor('tiny-local:latest in the tree', async () => (await installedModels(api)).some((l) => l.includes('tiny-local:latest')));
  });

  it('a create Ollama refuses is shown on the line it concerns', async () => {
    const document = await openModelfile('unknown-base', 'SYSTEM hi\nFROM no-such-model:1b\n');
    // Only the server knows which models exist: the editor shows its answer after the create.
    assert.equal(await vscode.commands.executeCommand('unbound.modelfile.create', document.uri, 'orphan'), undefined);
    const shown = await waitFor('the create error on the FROM line', () => diagnosticsOf(document).find((d) => /ollama create: .*no-such-model:1b/.test(d.message)));
    assert.equal(shown.range.start.line, 1);
    assert.ok(spy.shown.some((m) => m.level === 'error' && m.message.includes('no-such-model:1b')), 'and says so in a notification');
  });

  it('opens the Modelfile of an installed model in an editor', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('unbound.modelfile.open', 'pirate');
    assert.ok(document, 'a document opened');
    assert.equal(document.languageId, 'modelfile');
    assert.match(document.getText(), /^FROM /m);
    assert.equal(vscode.window.activeTextEditor?.document, document);
  });

  it('New Model Variant opens a Modelfile of the model Ollama accepts, with the system prompt selected to edit', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('unbound.modelfile.newVariant', 'dolphin3:8b');
    assert.ok(document, 'a document opened');
    assert.equal(document.languageId, 'modelfile');
    assert.equal(document.isUntitled, true);
    assert.match(document.getText(), /^FROM dolphin3:8b$/m);
    assert.match(document.getText(), /^TEMPLATE """/m);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document, document);
    assert.match(document.getText(editor.selection), /^You are a capable assistant/);
    // The language server has it (the outline lists its instructions), and Ollama would take it as it is.
    await waitFor('the language server to outline the variant', async () => {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', document.uri);
      return symbols?.some((s) => s.name === 'FROM');
    });
    assert.deepEqual(diagnosticsOf(document).map((d) => d.message), []);
  });
});
