/** Opening and closing a proposal's diff editor, and knowing when it shows a given text. */
import * as vscode from 'vscode';
import type { Proposal } from './proposals';

export async function openDiff(proposal: Proposal): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', proposal.documentUri, proposal.uri, `Unbound: ${proposal.title} (proposal)`, { preview: false });
}

export async function closeDiff(proposal: Proposal): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.uri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/**
 * Resolves once the editor's copy of the proposal document contains `text` (the workbench
 * fetched the redrawn content), or after `limitMs` when it never does (the diff was closed).
 */
export function whenShown(proposal: Proposal, text: string, limitMs = 5_000): Promise<boolean> {
  const holds = (d: vscode.TextDocument) => d.uri.toString() === proposal.uri.toString() && d.getText().includes(text);
  if (vscode.workspace.textDocuments.some(holds)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (shown: boolean) => {
      clearTimeout(timer);
      listener.dispose();
      resolve(shown);
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (holds(e.document)) done(true);
    });
    const timer = setTimeout(() => done(false), limitMs);
  });
}
