/**
 * Turns a server notice into one notification with the actions that fix it.
 * The server sends each notice once per episode; this side also drops a notice
 * whose notification is still open, so a restarted server cannot stack them.
 */
import * as vscode from 'vscode';
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import { describeError } from '../../core/ollama/errors';
import { DEFAULT_REGISTRY, modelRegistry } from '../../core/ollama/registry';
import type { CompletionNotice } from '../../protocol/completion';

export interface NoticeActions {
  useModel(model: string): Thenable<void>;
  showLogs(): void;
}

function listed(models: readonly string[], max = 3): string {
  return models.slice(0, max).join(', ');
}

export class NoticePresenter {
  private readonly open = new Set<string>();

  constructor(private readonly actions: NoticeActions) {}

  show(notice: CompletionNotice): void {
    const key = JSON.stringify(notice);
    if (this.open.has(key)) return;
    this.open.add(key);
    void this.present(notice)
      .catch(() => undefined)
      .finally(() => this.open.delete(key));
  }

  private async present(notice: CompletionNotice): Promise<void> {
    switch (notice.kind) {
      case 'daemon-down': {
        const { message } = describeError({ kind: 'not-running', host: notice.host });
        const start = 'Start Ollama';
        const logs = 'Open Logs';
        const choice = await vscode.window.showWarningMessage(`${message} Inline completions wait for it.`, start, logs);
        if (choice === start) await vscode.commands.executeCommand('unbound.daemon.start');
        else if (choice === logs) this.actions.showLogs();
        return;
      }
      case 'model-missing': {
        const pull = `Pull ${notice.model}`;
        const choose = 'Choose…';
        const registry = modelRegistry(notice.model);
        const from = registry === DEFAULT_REGISTRY ? '' : ` Pulling it fetches it from ${registry}, not the Ollama library.`;
        const choice = await vscode.window.showWarningMessage(
          `The completion model ${notice.model} is not installed.${from}`,
          pull,
          choose,
        );
        if (choice === pull) await vscode.commands.executeCommand('unbound.models.pull', notice.model);
        else if (choice === choose) await vscode.commands.executeCommand('unbound.models.chooseCompletionModel');
        return;
      }
      case 'model-not-fim': {
        const first = notice.fimModels[0];
        const recommended = notice.recommended || RECOMMENDED_FIM_MODEL;
        const use = first === undefined ? undefined : `Use ${first}`;
        const pull = `Pull ${recommended}`;
        const choose = 'Choose…';
        const way = notice.fimModels.length
          ? `Use one of: ${listed(notice.fimModels)}.`
          : `No installed model can; pull a code model such as ${recommended}.`;
        const buttons = use === undefined ? [pull, choose] : [use, pull, choose];
        const choice = await vscode.window.showWarningMessage(
          `${notice.model} cannot fill in the middle (it is a chat model), so it cannot write inline completions. ${way}`,
          ...buttons,
        );
        if (choice === undefined) return;
        if (choice === use && first !== undefined) await this.actions.useModel(first);
        else if (choice === pull) await vscode.commands.executeCommand('unbound.models.pull', recommended);
        else if (choice === choose) await vscode.commands.executeCommand('unbound.models.chooseCompletionModel');
        return;
      }
      case 'no-model': {
        const choose = 'Choose Completion Model';
        const first = notice.fimModels[0];
        const pull = `Pull ${RECOMMENDED_FIM_MODEL}`;
        const way = first === undefined ? ` Pull a code model such as ${RECOMMENDED_FIM_MODEL}.` : ` Installed code models: ${listed(notice.fimModels)}.`;
        const choice = await vscode.window.showInformationMessage(
          `No model is set for inline completions.${way}`,
          choose,
          pull,
        );
        if (choice === choose) await vscode.commands.executeCommand('unbound.models.chooseCompletionModel');
        else if (choice === pull) await vscode.commands.executeCommand('unbound.models.pull', RECOMMENDED_FIM_MODEL);
        return;
      }
      default: {
        const never: never = notice;
        throw new Error(`unknown notice ${JSON.stringify(never)}`);
      }
    }
  }
}
