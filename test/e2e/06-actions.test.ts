// Code actions in the real editor: the light bulb offers them (Fix as a quick fix on a
// diagnostic), a Refactor against the simulator's scripted rewrite opens a diff, Accept applies
// it and one Undo restores the original, an edit typed while the model streams survives, an
// edit inside the range is never overwritten, Reject leaves the file untouched.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import { sim } from './support/sim';
import { setting, unbound, waitForRunning } from './support/unbound';
import { figure, waitFor } from './support/wait';
import { WindowSpy } from './support/window-spy';

const CHAT = 'dolphin3:8b';
const PROPOSAL_SCHEME = 'unbound-proposal';

function workspaceFile(rel: string): vscode.Uri {
  const root = process.env.UNBOUND_E2E_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, rel));
}

/**
 * Opens a fixture as it is on disk. The revert in afterEach acts on the active editor, which a
 * notification or the diff can leave elsewhere, so a test never trusts the last one's cleanup.
 */
async function openFixture(rel: string): Promise<{ doc: vscode.TextDocument; original: string }> {
  const uri = workspaceFile(rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  const disk = readFileSync(uri.fsPath, 'utf8');
  if (doc.getText() !== disk) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), disk);
    await vscode.workspace.applyEdit(edit);
  }
  if (doc.isDirty) await doc.save();
  await vscode.window.showTextDocument(doc, { preview: false });
  assert.equal(doc.getText(), disk, `${rel} starts as on disk`);
  return { doc, original: disk };
}

const openShapes = () => openFixture('src/shapes.py');

/** The lines of `def <name>` up to its last non-blank line. */
function functionRange(doc: vscode.TextDocument, name: string): vscode.Range {
  const lines = doc.getText().split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`def ${name}(`));
  assert.ok(start >= 0, `def ${name} is in ${doc.uri.path}`);
  const indent = lines[start]?.length ? (lines[start] as string).length - (lines[start] as string).trimStart().length : 0;
  let end = start;
  for (let i = start + 1; i < lines.length; i++) {
    const l = lines[i] as string;
    if (l.trim() === '') continue;
    if (l.length - l.trimStart().length <= indent) break;
    end = i;
  }
  return new vscode.Range(start, 0, end, (lines[end] as string).length);
}

async function typeAt(doc: vscode.TextDocument, at: vscode.Position, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.insert(doc.uri, at, text);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
}

function proposalTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PROPOSAL_SCHEME);
}

async function proposalText(): Promise<string> {
  const tab = proposalTabs()[0];
  assert.ok(tab && tab.input instanceof vscode.TabInputTextDiff, 'a proposal diff is open');
  return (await vscode.workspace.openTextDocument(tab.input.modified)).getText();
}

const AREA_ANSWER = [
  'Here is a cleaner version that uses `math.pi`:',
  '',
  '```python',
  'def area(self):',
  '    return math.pi * self.r ** 2',
  '```',
  '',
  'You can call it like this:',
  '',
  '```python',
  'print(Circle(2).area())',
  '```',
].join('\n');
const AREA_FITTED = '    def area(self):\n        return math.pi * self.r ** 2';

describe('Unbound code actions', () => {
  let api: UnboundApi;
  let spy: WindowSpy;

  before(async () => {
    api = await unbound();
    await waitForRunning(api);
    await setting('unbound.chat.model', CHAT);
    spy = WindowSpy.install();
  });

  after(() => spy?.dispose());

  afterEach(async () => {
    await vscode.commands.executeCommand('unbound.actions.reject');
    for (let i = 0; i < 10 && vscode.window.tabGroups.all.some((g) => g.tabs.length > 0); i++) {
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });

  it('offers Fix as a quick fix on a diagnostic, and the rewrites on a selection', async () => {
    const { doc } = await openShapes();
    const range = functionRange(doc, 'perimeter');
    const diagnostics = vscode.languages.createDiagnosticCollection('e2e-lint');
    try {
      const problem = new vscode.Diagnostic(new vscode.Range(range.start.line + 1, 4, range.start.line + 1, 5), 'use math.pi, not 3.14159', vscode.DiagnosticSeverity.Warning);
      diagnostics.set(doc.uri, [problem]);
      const atProblem = new vscode.Range(range.start.line + 1, 4, range.start.line + 1, 4);
      const fixes = await waitFor('a quick fix from Unbound', async () => {
        const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, atProblem)) ?? [];
        const fix = actions.filter((a) => a.title.includes('Unbound') && a.kind?.value === 'quickfix');
        return fix.length > 0 && fix;
      });
      assert.equal(fixes[0]?.command?.command, 'unbound.actions.fix');
      const fixArgs = fixes[0]?.command?.arguments?.[0] as { range?: { start: { line: number }; end: { line: number } } } | undefined;
      assert.deepEqual([fixArgs?.range?.start.line, fixArgs?.range?.end.line], [range.start.line + 1, range.start.line + 1], 'the fix is about the diagnostic\'s line');

      const onSelection = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range)) ?? [];
      const titles = onSelection.filter((a) => a.kind?.value.startsWith('refactor.rewrite')).map((a) => a.title);
      for (const wanted of ['Refactor with Unbound', 'Add documentation with Unbound', 'Edit with Unbound…']) assert.ok(titles.includes(wanted), `${wanted} in ${JSON.stringify(titles)}`);
      assert.ok(onSelection.some((a) => a.title === 'Explain with Unbound'), 'Explain is offered');

      // Running the quick fix sends the diagnostic to the model and proposes a rewrite.
      await sim.script({ match: { path: '/api/chat', promptIncludes: 'use math.pi, not 3.14159' }, response: '```python\ndef perimeter(r):\n    return 2 * math.pi * r\n```', times: 1 });
      const fix = fixes[0] as vscode.CodeAction;
      await vscode.commands.executeCommand(fix.command?.command as string, ...(fix.command?.arguments ?? []));
      assert.match(await proposalText(), /return 2 \* math\.pi \* r/);
      assert.ok(!doc.getText().includes('math.pi'), 'the file is unchanged until Accept');
    } finally {
      diagnostics.dispose();
    }
  });

  it('Refactor shows the scripted rewrite as a diff; Accept applies it and one Undo restores the original', async () => {
    const { doc, original } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def area(self)' }, response: AREA_ANSWER, times: 1 });
    await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'area'), instruction: '' });
    const proposed = await proposalText();
    assert.ok(proposed.includes(AREA_FITTED), `the proposal holds the re-indented rewrite, not the usage example:\n${proposed}`);
    assert.ok(!proposed.includes('print(Circle(2)'), 'the usage example is not proposed');
    assert.equal(doc.getText(), original, 'nothing changes before Accept');
    const request = (await sim.requests()).filter((r) => r.path === '/api/chat').at(-1);
    assert.equal(request?.body.model, CHAT, 'the rewrite uses unbound.chat.model');

    await vscode.commands.executeCommand('unbound.actions.accept');
    await waitFor('the rewrite in shapes.py', () => doc.getText().includes(AREA_FITTED), { describe: () => doc.getText() });
    assert.equal(doc.getText(), original.replace('    def area(self):\n        result = 3.14159 * self.r * self.r\n        return result', AREA_FITTED));
    assert.equal(proposalTabs().length, 0, 'the diff closes after Accept');

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await waitFor('one Undo to restore the original', () => doc.getText() === original, { describe: () => doc.getText() });
  });

  it('with no selection, Refactor takes the method around the cursor from the document symbols', async () => {
    const { doc, original } = await openFixture('src/cart.ts');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // TypeScript's language service answers symbols once it has loaded the project.
    await waitFor('document symbols for cart.ts', async () => ((await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? []).length > 0, { timeoutMs: 40_000, everyMs: 500 });
    const inside = doc.getText().split('\n').findIndex((l) => l.includes('sum = sum + item.price'));
    editor.selection = new vscode.Selection(inside, 6, inside, 6);
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'total(): number' }, response: '```ts\ntotal(): number {\n  return this.items.reduce((sum, item) => sum + item.price, 0);\n}\n```', times: 1 });
    await vscode.commands.executeCommand('unbound.actions.refactor', { instruction: '' });
    const prompt = (await sim.requests()).filter((r) => r.path === '/api/chat').at(-1)?.body.messages?.at(-1)?.content ?? '';
    assert.ok(prompt.includes('  total(): number {\n    let sum = 0;') && !prompt.includes('```typescript\n  add(item'), `the prompt carries the method, not the class:\n${prompt}`);
    await vscode.commands.executeCommand('unbound.actions.accept');
    await waitFor('the method rewritten', () => doc.getText().includes('reduce'), { describe: () => doc.getText() });
    assert.equal(doc.getText(), original.replace(/ {2}total\(\): number \{[\s\S]*?\n {2}\}\n/, '  total(): number {\n    return this.items.reduce((sum, item) => sum + item.price, 0);\n  }\n'));
  });

  it('an edit typed while the model streams survives Accept', async () => {
    const { doc, original } = await openShapes();
    // Slow enough that the edit lands mid-stream.
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def perimeter(r)' }, response: '```python\ndef perimeter(r):\n    """Circumference of a circle of radius r."""\n    return 2 * math.pi * r\n```', tokensPerSecond: 8, times: 1 });
    const before = (await sim.requests()).length;
    const running = vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'perimeter'), instruction: '' });
    await waitFor('the rewrite request streaming', async () => (await sim.requests()).slice(before).some((r) => r.path === '/api/chat' && r.firstTokenAt !== undefined && r.endedAt === undefined));
    // A WorkspaceEdit, as typing is: the diff may have replaced the editor in its group by now.
    await typeAt(doc, new vscode.Position(1, 0), '# typed while the model was writing\n');
    const streamingStill = (await sim.requests()).slice(before).find((r) => r.path === '/api/chat');
    assert.equal(streamingStill?.endedAt, undefined, 'the edit landed while the answer streamed');
    await running;
    // The diff was drawn while the answer grew; what it shows at the end is the whole rewrite.
    const shown = await proposalText();
    assert.ok(shown.includes('    """Circumference of a circle of radius r."""\n    return 2 * math.pi * r'), `the diff shows the final rewrite:\n${shown}`);
    assert.ok(shown.startsWith('"""Shapes, for the code action tests."""\n# typed while the model was writing\n'), 'and the line typed meanwhile');
    await vscode.commands.executeCommand('unbound.actions.accept');
    await waitFor('the rewrite applied', () => doc.getText().includes('2 * math.pi * r'), { describe: () => doc.getText() });
    assert.ok(doc.getText().includes('# typed while the model was writing\n'), 'the typed line is still there');
    assert.equal(doc.getText(), original.replace('import math', '# typed while the model was writing\nimport math').replace('def perimeter(r):\n    p = 2 * 3.14159 * r\n    return p', 'def perimeter(r):\n    """Circumference of a circle of radius r."""\n    return 2 * math.pi * r'));
  });

  it('an edit inside the range while streaming is never overwritten: Accept refuses and the proposal stays open', async () => {
    const { doc } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def perimeter(r)' }, response: '```python\ndef perimeter(r):\n    return 2 * math.pi * r\n```', tokensPerSecond: 8, times: 1 });
    const before = (await sim.requests()).length;
    const range = functionRange(doc, 'perimeter');
    const running = vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range, instruction: '' });
    await waitFor('the rewrite request streaming', async () => (await sim.requests()).slice(before).some((r) => r.path === '/api/chat' && r.firstTokenAt !== undefined && r.endedAt === undefined));
    await typeAt(doc, new vscode.Position(range.start.line + 1, 4), 'USER_TYPED = 1; ');
    await running;
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.actions.accept');
    const told = spy.messagesSince(since, 'warning').find((m) => /did not apply/.test(m.message));
    assert.ok(told, `the user is told: ${JSON.stringify(spy.shown.slice(-3))}`);
    const now = await vscode.workspace.openTextDocument(doc.uri);
    assert.ok(now.getText().includes('USER_TYPED = 1; p = 2 * 3.14159 * r'), `what the user typed is intact:\n${now.getText()}`);
    assert.ok(!now.getText().includes('math.pi'), 'the rewrite was not applied');
    assert.equal(proposalTabs().length, 1, 'the proposal stays open');
  });

  it('Reject leaves the file untouched', async () => {
    const { doc, original } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def area(self)' }, response: AREA_ANSWER, times: 1 });
    await vscode.commands.executeCommand('unbound.actions.document', { uri: doc.uri, range: functionRange(doc, 'area') });
    assert.equal(proposalTabs().length, 1, 'the proposal is shown');
    await vscode.commands.executeCommand('unbound.actions.reject');
    assert.equal(proposalTabs().length, 0, 'the diff closes');
    assert.equal(doc.getText(), original);
    assert.equal(doc.isDirty, false, 'the file is not even dirty');
  });

  it('closing the diff rejects the proposal: a later Accept has nothing to apply', async () => {
    const { doc, original } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def area(self)' }, response: AREA_ANSWER, times: 1 });
    await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'area'), instruction: '' });
    await vscode.window.tabGroups.close(proposalTabs());
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.actions.accept');
    assert.ok(spy.messagesSince(since, 'info').some((m) => /no Unbound proposal/.test(m.message)), JSON.stringify(spy.shown.slice(-2)));
    assert.equal(doc.getText(), original);
  });

  it('the rewrite streams into the diff, and Reject while it streams stops the request', async () => {
    const { doc, original } = await openShapes();
    const long = Array.from({ length: 60 }, (_, i) => `    step_${i} = r * ${i}`).join('\n');
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def perimeter(r)' }, response: `\`\`\`python\ndef perimeter(r):\n${long}\n    return 2 * math.pi * r\n\`\`\``, tokensPerSecond: 40, times: 1 });
    const before = (await sim.requests()).length;
    const running = vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'perimeter'), instruction: '' });
    const partial = await waitFor('part of the rewrite in the diff while the model writes', async () => {
      const streaming = (await sim.requests()).slice(before).find((r) => r.path === '/api/chat' && r.endedAt === undefined);
      return streaming && proposalTabs().length === 1 && (await proposalText()).includes('step_1 =') && streaming;
    }, { timeoutMs: 20_000, everyMs: 50 });
    assert.ok(partial);
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.actions.accept');
    assert.ok(spy.messagesSince(since, 'info').some((m) => /still writing/.test(m.message)), 'Accept waits for the end of the answer');
    assert.equal(doc.getText(), original);
    await vscode.commands.executeCommand('unbound.actions.reject');
    assert.equal(await running, undefined, 'the action ends without a proposal');
    const request = await waitFor('the request aborted', async () => (await sim.requests()).find((r) => r.id === partial.id && r.aborted));
    assert.ok(request.tokensGenerated < 60 * 6, `the model stopped early (${request.tokensGenerated} tokens)`);
    assert.equal(proposalTabs().length, 0);
    assert.equal(doc.getText(), original);
  });

  it('a rewrite that elides code asks before Accept, and is not applied when the user declines', async () => {
    const { doc, original } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'class Circle' }, response: '```python\nclass Circle:\n    # ... existing methods unchanged ...\n    def area(self):\n        return math.pi * self.r ** 2\n```', times: 1 });
    const lines = doc.getText().split('\n');
    const start = lines.findIndex((l) => l.startsWith('class Circle'));
    await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: new vscode.Range(start, 0, start + 6, lines[start + 6]?.length ?? 0), instruction: '' });
    const since = Date.now();
    spy.answerModal = () => undefined;
    await vscode.commands.executeCommand('unbound.actions.accept');
    const asked = spy.messagesSince(since).find((m) => m.modal);
    assert.ok(asked && /leaves code out/.test(asked.message) && asked.message.includes('existing methods unchanged'), JSON.stringify(spy.shown.slice(-2)));
    assert.equal(doc.getText(), original, 'declined: nothing applied');
  });

  it('an answer without code changes nothing and shows the answer', async () => {
    const { doc, original } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def area(self)' }, response: 'This method is already as simple as it gets, there is nothing to change.', times: 1 });
    const since = Date.now();
    await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'area'), instruction: '' });
    assert.equal(proposalTabs().length, 0, 'no proposal');
    assert.equal(doc.getText(), original);
    assert.ok(spy.messagesSince(since, 'warning').some((m) => /did not change the file/.test(m.message)), JSON.stringify(spy.shown.slice(-2)));
    const answer = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'unbound-answer' && d.getText().includes('already as simple'));
    assert.ok(answer, 'the answer is open for the user to read');
  });

  it('a reasoning model\'s thinking never reaches the proposal', async () => {
    const { doc } = await openShapes();
    await setting('unbound.chat.model', 'deepseek-r1:7b');
    try {
      await sim.script({
        match: { path: '/api/chat', promptIncludes: 'def area(self)' },
        thinking: ['The ', 'user ', 'wants ', 'math.pi. ', 'Draft: ', 'def area(self): return 3 ', 'THOUGHT_MARKER'],
        response: AREA_ANSWER,
        times: 1,
      });
      await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'area'), instruction: '' });
      const proposed = await proposalText();
      assert.ok(proposed.includes(AREA_FITTED) && !proposed.includes('THOUGHT_MARKER') && !proposed.includes('Draft'), proposed);
      const request = (await sim.requests()).filter((r) => r.path === '/api/chat').at(-1);
      assert.equal(request?.body.model, 'deepseek-r1:7b', 'the reasoning model wrote the answer');
    } finally {
      await setting('unbound.chat.model', CHAT);
    }
  });

  it('a missing model gets the clear message with Pull, and the file is untouched', async () => {
    const { doc, original } = await openShapes();
    await setting('unbound.chat.model', 'missing-model:1b');
    try {
      const since = Date.now();
      await vscode.commands.executeCommand('unbound.actions.fix', { uri: doc.uri, range: functionRange(doc, 'area') });
      const shown = await waitFor('the model-missing error', () => spy.messagesSince(since, 'error').find((m) => m.message.includes('missing-model:1b')));
      assert.match(shown.message, /is not installed/);
      assert.ok(shown.items.some((i) => i.startsWith('Pull')), JSON.stringify(shown.items));
      assert.equal(doc.getText(), original);
    } finally {
      await setting('unbound.chat.model', CHAT);
    }
  });

  it('Explain lands in the chat: the code as context, the explanation streamed there', async () => {
    const { doc } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def perimeter(r)' }, response: 'It returns the **circumference** of a circle: 2πr.', times: 1 });
    await vscode.commands.executeCommand('unbound.actions.explain', { uri: doc.uri, range: functionRange(doc, 'perimeter') });
    const answer = await waitFor('the explanation in the chat', () => {
      const turns = api.chat.state().conversation.turns;
      const last = turns.at(-1);
      return last?.status === 'done' && last.content.includes('circumference') && turns.at(-2);
    }, { describe: () => api.chat.state().conversation.turns.slice(-2) });
    assert.equal(answer.context?.length, 1, 'the selected code is the context chip of the question');
  });

  it('Write tests opens a new unsaved test file beside the source', async () => {
    const { doc } = await openShapes();
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'Write unit tests' }, response: 'Here are the tests:\n\n```python\nimport math\n\nfrom shapes import perimeter\n\n\ndef test_perimeter():\n    assert perimeter(1) == 2 * 3.14159\n```\n\nRun them with `pytest`.', times: 1 });
    const tests = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('unbound.actions.writeTests', { uri: doc.uri, range: functionRange(doc, 'perimeter') });
    assert.ok(tests, 'a test document was opened');
    assert.equal(tests.isUntitled, true, 'unsaved, for review');
    assert.equal(path.basename(tests.uri.path), 'test_shapes.py');
    assert.equal(path.dirname(tests.uri.path), path.dirname(doc.uri.path), 'beside the source (the workspace has no tests folder)');
    assert.match(tests.getText(), /^import math\n\nfrom shapes import perimeter\n/);
    const prompt = (await sim.requests()).filter((r) => r.path === '/api/chat').at(-1)?.body.messages?.at(-1)?.content ?? '';
    assert.match(prompt, /pytest/, 'the prompt names the framework');
  });

  // Two speeds: the whole answer within ~0.1 s (the diff is still opening when the last token
  // arrives: the worst case), and a model streaming at 400 tokens/s (the diff is open long before
  // the end and only redraws, as with a real model writing 300 lines).
  for (const [label, tokensPerSecond, suffix] of [['at once', 20_000, ''], ['streamed at 400 tokens/s', 400, '_streamed']] as const) {
    it(`figures: a 300-line rewrite ${label}, last token to diff shown, and Accept to the document changed`, async function () {
      this.timeout(120_000);
      const { doc } = await openShapes();
      const body = Array.from({ length: 298 }, (_, i) => `    x${i} = r * ${i}  # step ${i}`).join('\n');
      const rewrite = `def perimeter(r):\n${body}\n    return 2 * math.pi * r`;
      await sim.script({ match: { path: '/api/chat', promptIncludes: 'def perimeter(r)' }, response: `\`\`\`python\n${rewrite}\n\`\`\``, tokensPerSecond, times: 1 });
      await vscode.commands.executeCommand('unbound.actions.refactor', { uri: doc.uri, range: functionRange(doc, 'perimeter'), instruction: '' });
      assert.equal(proposalTabs().length, 1, `a proposal is shown (last messages: ${JSON.stringify(spy.shown.slice(-3))})`);
      const shown = api.actionTimings();
      assert.equal(shown.rewriteLines, 300);
      assert.ok((await proposalText()).includes('    x297 = r * 297  # step 297\n    return 2 * math.pi * r'), 'the diff shows all 300 lines');
      await vscode.commands.executeCommand('unbound.actions.accept');
      await waitFor('the 300-line rewrite applied', () => doc.getText().includes('x297 = r * 297'));
      const timings = api.actionTimings();
      figure(`action_last_token_to_diff${suffix}_ms`, shown.lastTokenToDiffMs ?? NaN);
      figure(`action_accept_to_changed${suffix}_ms`, timings.acceptToChangedMs ?? NaN);
      figure(`action_extract${suffix}_ms`, shown.extractMs ?? NaN);
    });
  }
});
