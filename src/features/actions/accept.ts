/**
 * Accept applies the proposal as one WorkspaceEdit (one undo step restores the original),
 * only where the tracked range still holds exactly the original text. Reject closes it.
 */
import * as vscode from 'vscode';
import { resolveRange } from '../../core/edits/range-tracking';
import type { Proposal, ProposalStore } from './proposals';
import type { ActionTimings } from './timings';

async function closeDiff(proposal: Proposal): Promise<void> {
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === proposal.uri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

function describeElisions(proposal: Proposal): string {
  const first = proposal.elisions[0];
  if (!first) return '';
  const more = proposal.elisions.length > 1 ? ` and ${proposal.elisions.length - 1} more` : '';
  return `The rewrite leaves code out ("${first.text}" on line ${first.line + 1}${more}). Applying it deletes the code that comment stands for.`;
}

/** True when the document was changed. */
export async function acceptProposal(store: ProposalStore, proposal: Proposal | undefined, timings: ActionTimings): Promise<boolean> {
  if (!proposal) {
    void vscode.window.showInformationMessage('There is no Unbound proposal to accept.');
    return false;
  }
  if (proposal.elisions.length > 0) {
    const pick = await vscode.window.showWarningMessage(describeElisions(proposal), { modal: true }, 'Apply Anyway');
    if (pick !== 'Apply Anyway') return false;
  }
  const started = performance.now();
  const document = await vscode.workspace.openTextDocument(proposal.documentUri);
  const at = resolveRange(proposal.tracker.current, document.getText(), proposal.original);
  if (!at) {
    void vscode.window.showWarningMessage(
      `Unbound did not apply "${proposal.title}": the code it rewrites was edited since, and applying would overwrite your changes. The proposal stays open; Reject it or undo your edits and Accept again.`,
    );
    return false;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(at.start), document.positionAt(at.end)), proposal.replacement);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`Unbound could not apply "${proposal.title}": VS Code refused the edit (is the file read-only?). The proposal stays open.`);
    return false;
  }
  timings.acceptToChangedMs = performance.now() - started;
  store.remove(proposal);
  await closeDiff(proposal);
  await vscode.window.showTextDocument(document, { preview: false });
  return true;
}

export async function rejectProposal(store: ProposalStore, proposal: Proposal | undefined): Promise<void> {
  if (!proposal) return;
  store.remove(proposal);
  await closeDiff(proposal);
}
