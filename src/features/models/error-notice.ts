import * as vscode from 'vscode';
import type { ErrorAction, OllamaError } from '../../core/ollama/errors';
import { failureNotice } from '../../core/ollama/failure-notice';

export interface ErrorNoticeOptions {
  /** The model to offer to pull for a "not installed" error. */
  readonly model?: string;
  /** Which setting "Choose Model" is about. */
  readonly role?: 'completion' | 'chat';
  readonly retry?: () => unknown;
  /** "Choose Model" when the caller keeps its own choice (the chat's per-workspace model), not the setting. */
  readonly chooseModel?: () => unknown;
}

interface Button {
  readonly title: string;
  run(): unknown;
}

/** An Ollama failure as one notification: the cause, the way out, and buttons that take it. */
export async function showOllamaError(error: OllamaError, options: ErrorNoticeOptions = {}): Promise<void> {
  const { message, actions } = failureNotice(error.cause, { retry: options.retry !== undefined });
  const buttons = actions.flatMap((action) => button(action, options));
  const picked = await vscode.window.showErrorMessage(message, ...buttons.map((b) => b.title));
  await buttons.find((b) => b.title === picked)?.run();
}

/** What a notice's button does, for a surface that draws its own buttons (the chat view). */
export async function runErrorAction(action: ErrorAction, options: ErrorNoticeOptions = {}): Promise<void> {
  for (const b of button(action, options)) await b.run();
}

function button(action: ErrorAction, options: ErrorNoticeOptions): Button[] {
  switch (action) {
    case 'start':
      return [{ title: 'Start Ollama', run: () => vscode.commands.executeCommand('unbound.daemon.start') }];
    case 'logs':
      return [{ title: 'Open Logs', run: () => vscode.commands.executeCommand('unbound.showLogs') }];
    case 'pull':
      return options.model
        ? [{ title: 'Pull It', run: () => vscode.commands.executeCommand('unbound.models.pull', options.model) }]
        : [{ title: 'Pull a Model', run: () => vscode.commands.executeCommand('unbound.models.pull') }];
    case 'choose-model':
      return [
        {
          title: 'Choose Model',
          run:
            options.chooseModel ??
            (() => vscode.commands.executeCommand(options.role === 'chat' ? 'unbound.models.chooseChatModel' : 'unbound.models.chooseCompletionModel')),
        },
      ];
    case 'retry':
      return options.retry ? [{ title: 'Retry', run: options.retry }] : [];
    case 'settings':
      return [{ title: 'Open Settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'unbound.ollama') }];
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
