/**
 * Rewrites waiting for the user's verdict. Each is a virtual document (scheme
 * `unbound-proposal`): the current text of the file with the tracked range replaced by
 * the rewrite, shown against the file in VS Code's diff editor. Edits to the file while
 * the proposal is open redraw it; once the range is lost the last drawing stays.
 */
import * as vscode from 'vscode';
import type { Elision } from '../../core/edits/elision';
import { resolveRange } from '../../core/edits/range-tracking';
import type { ActionKind } from '../../core/edits/templates';
import type { RangeTracker, RangeTrackers } from './range-trackers';

export const PROPOSAL_SCHEME = 'unbound-proposal';
const OPEN_CONTEXT = 'unbound.actions.proposalOpen';

export interface Proposal {
  readonly uri: vscode.Uri;
  readonly kind: ActionKind;
  readonly title: string;
  readonly documentUri: vscode.Uri;
  /** The range's text when the action started, exactly as in the document. */
  readonly original: string;
  /** What replaces it: re-based, in the document's line endings. Grows while the model writes. */
  replacement: string;
  elisions: readonly Elision[];
  /** The model is still writing: Accept waits, Reject stops the request. */
  streaming: boolean;
  readonly tracker: RangeTracker;
  /** Stops the request while streaming. */
  readonly stop: () => void;
}

export class ProposalStore implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, Proposal>();
  private readonly drawn = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription: vscode.Disposable;
  private next = 1;
  readonly onDidChange = this.changed.event;

  /** Redraws sent and not yet seen in the workbench's copy of the document, with when they were sent. */
  private readonly inFlight = new Map<string, number>();
  private readonly shownListener: vscode.Disposable;

  constructor(trackers: RangeTrackers) {
    this.subscription = trackers.onDidChange((documentUri) => {
      for (const p of this.proposals.values()) if (p.documentUri.toString() === documentUri.toString()) this.changed.fire(p.uri);
    });
    this.shownListener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.scheme === PROPOSAL_SCHEME) this.inFlight.delete(e.document.uri.toString());
    });
  }

  add(fields: Omit<Proposal, 'uri'>): Proposal {
    const id = this.next++;
    // The file's own path keeps its extension, so the diff is highlighted as that language.
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: fields.documentUri.path, query: `id=${id}` });
    const proposal = { ...fields, uri };
    this.proposals.set(uri.toString(), proposal);
    void vscode.commands.executeCommand('setContext', OPEN_CONTEXT, true);
    return proposal;
  }

  /** Redraws the proposal after its replacement changed. */
  redraw(proposal: Proposal): void {
    if (!this.proposals.has(proposal.uri.toString())) return;
    this.inFlight.set(proposal.uri.toString(), performance.now());
    this.changed.fire(proposal.uri);
  }

  /**
   * Whether the workbench has caught up with the last redraw. A streaming proposal redraws only
   * then: on a busy machine redraws sent faster than the diff recomputes queue up, and the last
   * one (the whole rewrite) would wait behind them. A redraw that changed nothing fires no event,
   * so one older than a second counts as seen.
   */
  caughtUp(proposal: Proposal): boolean {
    const sent = this.inFlight.get(proposal.uri.toString());
    return sent === undefined || performance.now() - sent > 1_000;
  }

  get(uri: vscode.Uri | undefined): Proposal | undefined {
    if (uri) return this.proposals.get(uri.toString());
    // No uri (palette, keybinding): the proposal in the active diff, else the newest.
    const active = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (active instanceof vscode.TabInputTextDiff) {
      const shown = this.proposals.get(active.modified.toString());
      if (shown) return shown;
    }
    return [...this.proposals.values()].at(-1);
  }

  get size(): number {
    return this.proposals.size;
  }

  /** Forgets the proposal; its tracker is the caller's to dispose (an Accept that fails restores it). */
  remove(proposal: Proposal): void {
    this.proposals.delete(proposal.uri.toString());
    this.drawn.delete(proposal.uri.toString());
    this.inFlight.delete(proposal.uri.toString());
    void vscode.commands.executeCommand('setContext', OPEN_CONTEXT, this.proposals.size > 0);
  }

  restore(proposal: Proposal): void {
    this.proposals.set(proposal.uri.toString(), proposal);
    void vscode.commands.executeCommand('setContext', OPEN_CONTEXT, true);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const proposal = this.proposals.get(uri.toString());
    if (!proposal) return this.drawn.get(uri.toString()) ?? '';
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === proposal.documentUri.toString());
    const text = document?.getText();
    const at = text === undefined ? undefined : resolveRange(proposal.tracker.current, text, proposal.original);
    if (text !== undefined && at) {
      const drawing = text.slice(0, at.start) + proposal.replacement + text.slice(at.end);
      this.drawn.set(uri.toString(), drawing);
      return drawing;
    }
    return this.drawn.get(uri.toString()) ?? proposal.replacement;
  }

  dispose(): void {
    for (const p of this.proposals.values()) p.tracker.dispose();
    this.proposals.clear();
    this.subscription.dispose();
    this.shownListener.dispose();
    this.changed.dispose();
  }
}
