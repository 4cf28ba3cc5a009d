/**
 * Turns a server notice into one notification with the action that works now.
 * Advice about models waits until Ollama answers (while it is missing or
 * stopped, the daemon's own notice is the only way forward), and is checked
 * again when it is shown: the installed code models are listed fresh, and a
 * notice the user already acted on is dropped. Buttons are short; the model's
 * name is in the message.
 */
import * as vscode from 'vscode';
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import type { CompletionNotice } from '../../protocol/completion';
import { CHOOSE, LOGS, OTHERS, PULL, START, USE, noticeView } from './notice-view';

export interface NoticeDeps {
  useModel(model: string): Thenable<void>;
  showLogs(): void;
  /** True while the daemon feature sees Ollama running. */
  ollamaAnswers(): boolean;
  /** `unbound.completion.model` now. */
  currentModel(): string;
  /** Installed models that can fill in the middle, asked of Ollama now. */
  fimModels(): Promise<readonly string[]>;
}

type ModelNotice = Exclude<CompletionNotice, { kind: 'daemon-down' }>;

export class NoticePresenter {
  private readonly open = new Set<string>();
  /** Model advice that arrived while Ollama did not answer, newest per kind. */
  private readonly held = new Map<ModelNotice['kind'], ModelNotice>();

  constructor(private readonly deps: NoticeDeps) {}

  show(notice: CompletionNotice): void {
    if (notice.kind === 'daemon-down') {
      // Missing, stopped or failing: the daemon's status item and notice say so, with the actions that work.
      if (!this.deps.ollamaAnswers()) return;
    } else if (!this.deps.ollamaAnswers()) {
      this.held.set(notice.kind, notice);
      return;
    }
    this.present(notice);
  }

  /** Ollama answers now: give the advice that waited for it, if it still holds. */
  ollamaAnswered(): void {
    const waiting = [...this.held.values()];
    this.held.clear();
    for (const notice of waiting) this.present(notice);
  }

  private present(notice: CompletionNotice): void {
    const key = JSON.stringify(notice);
    if (this.open.has(key)) return;
    this.open.add(key);
    void this.ask(notice)
      .catch(() => undefined)
      .finally(() => this.open.delete(key));
  }

  private stillHolds(notice: CompletionNotice): boolean {
    switch (notice.kind) {
      case 'no-model':
        return this.deps.currentModel() === '';
      case 'model-not-fim':
      case 'model-missing':
        return this.deps.currentModel() === notice.model;
      case 'daemon-down':
        return true;
      default: {
        const never: never = notice;
        return Boolean(never);
      }
    }
  }

  private async ask(notice: CompletionNotice): Promise<void> {
    const fim = notice.kind === 'no-model' || notice.kind === 'model-not-fim' ? await this.deps.fimModels().catch(() => notice.fimModels) : [];
    if (!this.stillHolds(notice)) return;
    const view = noticeView(notice, fim);
    const choice =
      view.level === 'info'
        ? await vscode.window.showInformationMessage(view.message, ...view.buttons)
        : await vscode.window.showWarningMessage(view.message, ...view.buttons);
    const pullName = notice.kind === 'model-missing' ? notice.model : notice.kind === 'model-not-fim' ? notice.recommended || RECOMMENDED_FIM_MODEL : RECOMMENDED_FIM_MODEL;
    switch (choice) {
      case USE:
        if (fim[0] !== undefined) await this.deps.useModel(fim[0]);
        return;
      case PULL:
        await vscode.commands.executeCommand('unbound.models.pull', pullName);
        return;
      case OTHERS:
        await vscode.commands.executeCommand('unbound.models.pull');
        return;
      case CHOOSE:
        await vscode.commands.executeCommand('unbound.models.chooseCompletionModel');
        return;
      case START:
        await vscode.commands.executeCommand('unbound.daemon.start');
        return;
      case LOGS:
        this.deps.showLogs();
        return;
      default:
        return;
    }
  }
}
