// Records the notifications and progress the extension shows. The e2e tests and the extension
// share one `vscode` API object (the tests live inside the extension's folder), so wrapping
// `vscode.window` here sees exactly what the user would see, and can answer a modal
// confirmation the way a user clicking the button would. The real functions still run for
// non-modal messages; nothing the extension does is replaced.
import * as vscode from 'vscode';

export interface Shown {
  readonly level: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly items: readonly string[];
  readonly modal: boolean;
  readonly at: number;
}

export interface ProgressSeen {
  readonly title: string | undefined;
  readonly reports: { message?: string; increment?: number }[];
  done: boolean;
}

type Item = string | vscode.MessageItem;
type Show = (message: string, ...rest: unknown[]) => Thenable<Item | undefined>;

export class WindowSpy implements vscode.Disposable {
  readonly shown: Shown[] = [];
  readonly progress: ProgressSeen[] = [];
  /** Picks the button a modal confirmation is answered with; undefined = dismiss. */
  answerModal: (message: string, items: readonly string[]) => string | undefined = () => undefined;
  private readonly restore: (() => void)[] = [];

  static install(): WindowSpy {
    return new WindowSpy();
  }

  private constructor() {
    this.wrapShow('showErrorMessage', 'error');
    this.wrapShow('showWarningMessage', 'warning');
    this.wrapShow('showInformationMessage', 'info');
    this.wrapProgress();
  }

  private wrapShow(name: 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', level: Shown['level']): void {
    const win = vscode.window as unknown as Record<string, Show>;
    const original = win[name];
    if (!original) throw new Error(`vscode.window.${name} is missing`);
    win[name] = (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !isItem(rest[0]) ? (rest[0] as vscode.MessageOptions) : undefined;
      const items = rest.filter(isItem);
      const labels = items.map((i) => (typeof i === 'string' ? i : i.title));
      const modal = options?.modal === true;
      this.shown.push({ level, message, items: labels, modal, at: Date.now() });
      if (modal) {
        // A modal dialog would block the run in a headless workbench: answer it like the user.
        const pick = this.answerModal(message, labels);
        return Promise.resolve(items.find((i) => (typeof i === 'string' ? i : i.title) === pick));
      }
      return original.call(vscode.window, message, ...rest);
    };
    if (win[name] === original) throw new Error(`vscode.window.${name} cannot be observed (read-only API object)`);
    this.restore.push(() => { win[name] = original; });
  }

  private wrapProgress(): void {
    const win = vscode.window as unknown as { withProgress: typeof vscode.window.withProgress };
    const original = win.withProgress;
    win.withProgress = (<R>(options: vscode.ProgressOptions, task: (p: vscode.Progress<{ message?: string; increment?: number }>, t: vscode.CancellationToken) => Thenable<R>) => {
      const seen: ProgressSeen = { title: options.title, reports: [], done: false };
      this.progress.push(seen);
      const result = original.call(vscode.window, options, (progress, token) =>
        task({ report: (value) => { seen.reports.push({ ...value }); progress.report(value); } }, token));
      return Promise.resolve(result).finally(() => { seen.done = true; });
    }) as typeof vscode.window.withProgress;
    this.restore.push(() => { win.withProgress = original; });
  }

  messagesSince(at: number, level?: Shown['level']): Shown[] {
    return this.shown.filter((s) => s.at >= at && (!level || s.level === level));
  }

  dispose(): void {
    for (const undo of this.restore.splice(0).reverse()) undo();
  }
}

function isItem(value: unknown): value is Item {
  return typeof value === 'string' || (typeof value === 'object' && value !== null && 'title' in value);
}
