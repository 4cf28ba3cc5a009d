/** What the user is told when an action cannot go on: the cause and the way out. */
import * as vscode from 'vscode';
import type { OllamaError } from '../../core/ollama/errors';
import { showOllamaError } from '../models/error-notice';
import type { AnswerDocuments } from './answer-documents';

export class ActionNotices {
  constructor(private readonly answers: AnswerDocuments) {}

  async noModel(): Promise<void> {
    const pick = await vscode.window.showErrorMessage('No chat model is chosen: code actions use unbound.chat.model.', 'Choose Chat Model');
    if (pick) await vscode.commands.executeCommand('unbound.models.chooseChatModel');
  }

  ollamaFailed(error: OllamaError, model: string, retry: () => unknown): Promise<void> {
    return showOllamaError(error, { model, role: 'chat', retry });
  }

  /** The file stays as it was; the user reads what the model said instead. */
  async noCode(title: string, answer: string, reason: string): Promise<void> {
    const uri = this.answers.create(`${title} (answer)`, answer || '_The model sent an empty answer._');
    await this.answers.show(uri);
    void vscode.window.showWarningMessage(`Unbound did not change the file: ${reason}. The model's answer is open beside it.`);
  }

  cannotStart(message: string): void {
    void vscode.window.showInformationMessage(message);
  }
}
