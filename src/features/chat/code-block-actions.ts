/**
 * What the buttons on a code block do. The block the user clicked is already
 * code (the view sends the text of that one block), so no extraction happens here.
 * Apply shows a diff first and lands as one WorkspaceEdit: one undo step.
 */
import * as vscode from 'vscode';
import type { CodeAction } from '../../protocol/chat';

const PROPOSAL_SCHEME = 'unbound-chat-proposal';

const EXTENSIONS: Readonly<Record<string, string>> = {
  python: 'py', py: 'py', javascript: 'js', js: 'js', typescript: 'ts', ts: 'ts', tsx: 'tsx', jsx: 'jsx', rust: 'rs', go: 'go', java: 'java',
  c: 'c', cpp: 'cpp', csharp: 'cs', cs: 'cs', ruby: 'rb', php: 'php', bash: 'sh', sh: 'sh', shell: 'sh', json: 'json', yaml: 'yaml', yml: 'yaml',
  html: 'html', xml: 'xml', css: 'css', sql: 'sql', markdown: 'md', md: 'md', kotlin: 'kt', diff: 'diff',
};

/** Remembers the last text editor, because clicking in the chat view takes focus away from it. */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;
  private readonly listener = vscode.window.onDidChangeActiveTextEditor((e) => {
    if (e && e.document.uri.scheme !== PROPOSAL_SCHEME) this.last = e;
  });

  get editor(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== PROPOSAL_SCHEME) return active;
    return this.last && !this.last.document.isClosed ? this.last : undefined;
  }

  dispose(): void {
    this.listener.dispose();
  }
}

/** Serves the proposed text of an Apply for the diff view. */
export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  private counter = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  add(name: string, text: string): vscode.Uri {
    const path = `/${++this.counter}/${name}`;
    this.texts.set(path, text);
    // Keep a few: an old diff tab can still be reopened, but memory stays bounded.
    if (this.texts.size > 20) this.texts.delete(this.texts.keys().next().value ?? '');
    return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path });
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}

export interface CodeActionDeps {
  readonly editors: EditorTracker;
  readonly proposals: ProposalDocuments;
}

export async function runCodeAction(action: CodeAction, code: string, language: string, deps: CodeActionDeps): Promise<void> {
  switch (action) {
    case 'copy':
      await vscode.env.clipboard.writeText(code);
      return;
    case 'insert':
      return insertAtCursor(code, deps.editors.editor);
    case 'apply':
      return applyToFile(code, deps);
    case 'save':
      return saveAsNewFile(code, language);
  }
}

async function insertAtCursor(code: string, editor: vscode.TextEditor | undefined): Promise<void> {
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file and place the cursor where the code should go, then press Insert again.');
    return;
  }
  // One edit for every cursor: one undo step.
  const ok = await editor.edit((b) => editor.selections.forEach((s) => b.replace(s, code)));
  if (ok) await vscode.window.showTextDocument(editor.document, editor.viewColumn);
}

async function applyToFile(code: string, deps: CodeActionDeps): Promise<void> {
  const editor = deps.editors.editor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open the file to change first, then press Apply again.');
    return;
  }
  const doc = editor.document;
  const selection = editor.selection;
  const replaceSelection = !selection.isEmpty;
  const range = replaceSelection ? selection : new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const before = doc.getText();
  const proposed = before.slice(0, doc.offsetAt(range.start)) + code + before.slice(doc.offsetAt(range.end));
  const name = doc.uri.path.split('/').pop() ?? 'file';
  const right = deps.proposals.add(name, proposed);
  const version = doc.version;
  await vscode.commands.executeCommand('vscode.diff', doc.uri, right, `${name} ↔ chat proposal`, { preview: true });
  const apply = 'Apply';
  const choice = await vscode.window.showInformationMessage(
    replaceSelection ? `Replace the selection in ${name} with the code block?` : `Replace the content of ${name} with the code block?`,
    apply,
    'Discard',
  );
  if (choice !== apply) return;
  if (doc.version !== version) {
    void vscode.window.showWarningMessage(`${name} changed while the diff was open; apply again to see the current difference.`);
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, range, code);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not change ${name} (is it read-only?).`);
    return;
  }
  await vscode.window.showTextDocument(doc, editor.viewColumn);
}

async function saveAsNewFile(code: string, language: string): Promise<void> {
  const ext = EXTENSIONS[language] ?? 'txt';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `untitled.${ext}`) } : {}),
    saveLabel: 'Save code block',
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(code));
  await vscode.window.showTextDocument(target);
}
