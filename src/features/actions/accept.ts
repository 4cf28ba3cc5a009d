/**
 * Accept applies the proposal as one WorkspaceEdit (one undo step restores the original),
 * only where the tracked range still holds exactly the original text. Reject closes it.
 */
import * as vscode from 'vscode';
import { resolveRange } from '../../core/edits/range-tracking';
import type { Proposal, ProposalStore } from './proposals';
import { closeDiff } from './diff-view';
import type { ActionTimings } from './timings';

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
  if (proposal.streaming) {
    void vscode.window.showInformationMessage(`Unbound is still writing "${proposal.title}". Accept when it is done, or Reject to stop it.`);
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
  // Forgotten before the edit, so the edit does not redraw a proposal that is going away.
  store.remove(proposal);
  if (!(await vscode.workspace.applyEdit(edit))) {
    store.restore(proposal);
    void vscode.window.showWarningMessage(`Unbound could not apply "${proposal.title}": VS Code refused the edit (is the file read-only?). The proposal stays open.`);
    return false;
  }
  timings.acceptToChangedMs = performance.now() - started;
  proposal.tracker.dispose();
  await closeDiff(proposal);
  await vscode.window.showTextDocument(document, { preview: false });
  return true;
}

export async function rejectProposal(store: ProposalStore, proposal: Proposal | undefined): Promise<void> {
  if (!proposal) return;
  proposal.stop();
  store.remove(proposal);
  proposal.tracker.dispose();
  await closeDiff(proposal);
}
