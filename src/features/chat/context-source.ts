/**
 * Context chips: the selection, the current file, or any workspace file through
 * a picker (`@`). Each is read once when added, bounded in size, and sent as a
 * fenced block before the question.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { estimateTokens } from '../../core/chat/budget';
import type { ContextItem } from '../../core/chat/conversation';

/** A context larger than this is cut (the budget would drop everything else anyway). */
const MAX_CONTEXT_CHARS = 200_000;

function item(kind: ContextItem['kind'], label: string, text: string, languageId: string): ContextItem {
  const cut = text.length > MAX_CONTEXT_CHARS ? `${text.slice(0, MAX_CONTEXT_CHARS)}\n… (cut)` : text;
  return { id: `ctx-${randomUUID()}`, kind, label, text: cut, languageId, tokens: estimateTokens(cut) };
}

function relative(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

export function selectionContext(editor: vscode.TextEditor | undefined): ContextItem | undefined {
  if (!editor || editor.selection.isEmpty) return undefined;
  const s = editor.selection;
  const text = editor.document.getText(s);
  if (text.trim() === '') return undefined;
  return item('selection', `${relative(editor.document.uri)}:${s.start.line + 1}-${s.end.line + 1}`, text, editor.document.languageId);
}

export function fileContext(editor: vscode.TextEditor | undefined): ContextItem | undefined {
  if (!editor) return undefined;
  return item('file', relative(editor.document.uri), editor.document.getText(), editor.document.languageId);
}

export function codeContext(code: string, languageId: string, fileName: string): ContextItem {
  return item('selection', fileName, code, languageId);
}

export async function pickFileContext(initial = ''): Promise<ContextItem | undefined> {
  const files = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git,dist,out,build}/**', 5000);
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: relative(uri), uri })).sort((a, b) => a.label.localeCompare(b.label)),
    { placeHolder: 'Add a file to the chat context', matchOnDescription: true, ...(initial ? { value: initial } : {}) },
  );
  if (!picked) return undefined;
  const doc = await vscode.workspace.openTextDocument(picked.uri);
  return item('file', picked.label, doc.getText(), doc.languageId);
}
