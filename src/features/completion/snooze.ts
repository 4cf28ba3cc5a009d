/**
 * Snoozing inline completions for a while (or until VS Code restarts). The
 * state is in memory on purpose: a snooze must not outlive the session.
 */
import * as vscode from 'vscode';
import { isSnoozed } from './policy';

const minute = 60_000;

interface SnoozeChoice extends vscode.QuickPickItem {
  readonly ms: number | undefined;
}

export class Snooze implements vscode.Disposable {
  private until: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  /** Epoch ms, Infinity for "until restart", undefined when not snoozed. */
  get snoozedUntil(): number | undefined {
    return isSnoozed(this.until, Date.now()) ? this.until : undefined;
  }

  get active(): boolean {
    return this.snoozedUntil !== undefined;
  }

  snooze(ms: number | undefined): void {
    this.clearTimer();
    this.until = ms === undefined ? Infinity : Date.now() + ms;
    // Wake up exactly when it ends so the status bar does not lie.
    if (ms !== undefined) this.timer = setTimeout(() => this.resume(), ms);
    this.changed.fire();
  }

  resume(): void {
    this.clearTimer();
    this.until = undefined;
    this.changed.fire();
  }

  /** The quick pick behind `unbound.completion.snooze`. */
  async pick(): Promise<void> {
    const choices: SnoozeChoice[] = [
      { label: 'For 5 minutes', ms: 5 * minute },
      { label: 'For 30 minutes', ms: 30 * minute },
      { label: 'For 1 hour', ms: 60 * minute },
      { label: 'Until VS Code restarts', ms: undefined },
    ];
    const items: (SnoozeChoice | (vscode.QuickPickItem & { readonly resume: true }))[] = this.active
      ? [{ label: 'Resume now', resume: true }, ...choices]
      : choices;
    const choice = await vscode.window.showQuickPick(items, { title: 'Snooze inline completions', placeHolder: this.describe() || 'Snooze for…' });
    if (!choice) return;
    if ('resume' in choice) this.resume();
    else this.snooze(choice.ms);
  }

  /** '' when not snoozed. */
  describe(): string {
    const until = this.snoozedUntil;
    if (until === undefined) return '';
    if (until === Infinity) return 'Snoozed until VS Code restarts';
    return `Snoozed until ${new Date(until).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })}`;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.changed.dispose();
  }
}
