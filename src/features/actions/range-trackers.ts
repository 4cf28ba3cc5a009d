/**
 * Follows the ranges of actions in flight through the user's edits (src/core/edits/range-tracking.ts
 * does the arithmetic), from the moment an action starts until its proposal is accepted or rejected.
 */
import * as vscode from 'vscode';
import { trackRange, type TrackedRange } from '../../core/edits/range-tracking';
import { Emitter } from '../../core/events';

export interface RangeTracker extends vscode.Disposable {
  readonly documentUri: vscode.Uri;
  readonly current: TrackedRange;
}

export class RangeTrackers implements vscode.Disposable {
  private readonly live = new Set<{ uri: string; range: TrackedRange }>();
  private readonly listener: vscode.Disposable;
  private readonly changed = new Emitter<vscode.Uri>();
  /** A document with a tracked range changed (after the ranges were updated). */
  readonly onDidChange = this.changed.event;

  constructor() {
    this.listener = vscode.workspace.onDidChangeTextDocument((e) => {
      const uri = e.document.uri.toString();
      let touched = false;
      for (const entry of this.live) {
        if (entry.uri !== uri || e.contentChanges.length === 0) continue;
        entry.range = trackRange(entry.range, e.contentChanges);
        touched = true;
      }
      if (touched) this.changed.fire(e.document.uri);
    });
  }

  track(document: vscode.TextDocument, range: vscode.Range): RangeTracker {
    const entry = { uri: document.uri.toString(), range: { start: document.offsetAt(range.start), end: document.offsetAt(range.end), lost: false } as TrackedRange };
    this.live.add(entry);
    return {
      documentUri: document.uri,
      get current() {
        return entry.range;
      },
      dispose: () => {
        this.live.delete(entry);
      },
    };
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.live.clear();
  }
}
