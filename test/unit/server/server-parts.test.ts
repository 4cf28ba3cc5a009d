/**
 * The server's own pieces that decide what a user sees: where ghost text ends,
 * which path the model is shown, which settings an editor's payload yields,
 * and how much of a related file goes into the prompt.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultCompletionSettings } from '../../../src/core/settings';
import { positionAfter } from '../../../src/server/text-snapshot';
import { RecentDocuments, windowAround } from '../../../src/server/recent-documents';
import { carriesServerSettings, readServerSettings } from '../../../src/server/server-settings';
import { isServedUri, WorkspacePaths } from '../../../src/server/workspace-paths';

describe('ghost text range end', () => {
  it('covers the replaced characters on the same line', () => {
    assert.deepEqual(positionAfter('foo()\n', { line: 0, character: 4 }, 4, 1), { line: 0, character: 5 });
  });
  it('crosses line breaks, counting \\r\\n as one', () => {
    assert.deepEqual(positionAfter('a)\r\n}\r\n', { line: 0, character: 1 }, 1, 4), { line: 1, character: 1 });
    assert.deepEqual(positionAfter('a)\n}\n', { line: 3, character: 1 }, 1, 3), { line: 4, character: 1 });
  });
  it('never runs past the end of the document', () => {
    assert.deepEqual(positionAfter('ab', { line: 0, character: 1 }, 1, 10), { line: 0, character: 2 });
  });
});

describe('paths shown to the model', () => {
  const paths = new WorkspacePaths();
  paths.setFolders([
    { uri: 'file:///home/me/app', name: 'app' },
    { uri: 'file:///home/me/app/packages/ui/', name: 'ui' },
  ]);
  it('are relative to the innermost workspace folder, with its name as the repository', () => {
    assert.deepEqual(paths.modelPath('file:///home/me/app/src/main.ts'), { path: 'src/main.ts', repoName: 'app' });
    assert.deepEqual(paths.modelPath('file:///home/me/app/packages/ui/button%20bar.tsx'), { path: 'button bar.tsx', repoName: 'ui' });
  });
  it('outside the workspace are the file path; untitled editors keep their name', () => {
    assert.deepEqual(paths.modelPath('file:///tmp/scratch.py'), { path: '/tmp/scratch.py' });
    assert.deepEqual(paths.modelPath('untitled:Untitled-1'), { path: 'Untitled-1' });
    assert.deepEqual(paths.modelPath('file:///home/me/application/x.ts'), { path: '/home/me/application/x.ts' });
  });
  it('follow folders added and removed', () => {
    const p = new WorkspacePaths();
    p.setFolders([{ uri: 'file:///a', name: 'a' }]);
    p.addRemove([{ uri: 'file:///b', name: 'b' }], [{ uri: 'file:///a/', name: 'a' }]);
    assert.deepEqual(p.modelPath('file:///b/x.ts'), { path: 'x.ts', repoName: 'b' });
    assert.deepEqual(p.modelPath('file:///a/x.ts'), { path: '/a/x.ts' });
  });
  it('only files and untitled editors are served', () => {
    assert.ok(isServedUri('file:///a.ts'));
    assert.ok(isServedUri('untitled:Untitled-2'));
    for (const uri of ['output:extension-output-x', 'vscode-scm:input', 'git:/a.ts?ref', 'vscode-notebook-cell:/x']) assert.ok(!isServedUri(uri), uri);
  });
});

describe('settings from the editor', () => {
  it('fills what is missing with the defaults', () => {
    assert.deepEqual(readServerSettings(undefined), { ollamaHost: '', streamIdleTimeoutSeconds: 120, completion: defaultCompletionSettings, modelfile: { formatting: false } });
    const s = readServerSettings({ ollamaHost: ' http://gpu:11434 ', completion: { model: 'qwen2.5-coder:7b-base', debounceMs: 80 } });
    assert.equal(s.ollamaHost, 'http://gpu:11434');
    assert.equal(s.completion.model, 'qwen2.5-coder:7b-base');
    assert.equal(s.completion.debounceMs, 80);
    assert.equal(s.completion.maxTokens, defaultCompletionSettings.maxTokens);
  });
  it('ignores wrongly typed values and clamps numbers to their range', () => {
    const s = readServerSettings({ completion: { enabled: 'yes', debounceMs: -5, maxTokens: 1e9, triggerMode: 'sometimes', multiline: 'never', languages: { go: false, rust: 'no' } } });
    assert.equal(s.completion.enabled, true);
    assert.equal(s.completion.debounceMs, 0);
    assert.equal(s.completion.maxTokens, 2048);
    assert.equal(s.completion.triggerMode, 'automatic');
    assert.equal(s.completion.multiline, 'never');
    assert.deepEqual(s.completion.languages, { go: false });
  });
  it('the stream idle limit is clamped to 5 s .. 1 h, and a wrong type means the default', () => {
    assert.equal(readServerSettings({ streamIdleTimeoutSeconds: 1 }).streamIdleTimeoutSeconds, 5);
    assert.equal(readServerSettings({ streamIdleTimeoutSeconds: 1e9 }).streamIdleTimeoutSeconds, 3600);
    assert.equal(readServerSettings({ streamIdleTimeoutSeconds: '30' }).streamIdleTimeoutSeconds, 120);
    assert.ok(carriesServerSettings({ streamIdleTimeoutSeconds: 30 }));
  });
  it('a cleared keep-alive means the default (Ollama rejects an empty one)', () => {
    assert.equal(readServerSettings({ completion: { keepAlive: '  ' } }).completion.keepAlive, defaultCompletionSettings.keepAlive);
    assert.equal(readServerSettings({ completion: { keepAlive: ' 1h ' } }).completion.keepAlive, '1h');
  });
  it('accepts the payload nested under "unbound" as editors with a settings tree send it', () => {
    assert.equal(readServerSettings({ unbound: { completion: { model: 'm' } } }).completion.model, 'm');
  });
  it('tells a bare "configuration changed" from settings meant for the server', () => {
    assert.equal(carriesServerSettings(null), false);
    assert.equal(carriesServerSettings({ editor: { tabSize: 2 } }), false);
    assert.equal(carriesServerSettings({ completion: {} }), true);
    assert.equal(carriesServerSettings({ unbound: { ollamaHost: '' } }), true);
  });
});

describe('related files', () => {
  it('are the most recently touched other documents, newest first, bounded', () => {
    const texts = new Map([
      ['file:///a', 'A'],
      ['file:///b', 'B'],
      ['file:///c', 'C'],
      ['file:///d', 'D'],
    ]);
    const recent = new RecentDocuments({ maxFiles: 2, maxCharsPerFile: 100 });
    for (const uri of texts.keys()) recent.touch(uri);
    recent.touch('file:///b');
    recent.forget('file:///d');
    const lookup = (uri: string) => (texts.has(uri) ? { uri, languageId: 'ts', getText: () => texts.get(uri)! } : undefined);
    const related = recent.related('file:///c', lookup, (uri) => uri.slice(8));
    assert.deepEqual(related.map((r) => r.path), ['b', 'a']);
  });
  it('send whole lines around where the user last worked, within the budget', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const window = windowAround(text, text.indexOf('line 50'), 60);
    assert.ok(window.length <= 60);
    assert.ok(window.includes('line 50'));
    assert.ok(window.startsWith('line '));
    assert.ok(window.endsWith('\n'));
  });
});
