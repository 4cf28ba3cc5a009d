import * as vscode from 'vscode';
import type { DaemonAction } from '../../core/daemon/cause';
import { assertNever } from '../../core/assert-never';

/** The button or menu label of an action, and what it runs. */
export function actionLabel(action: DaemonAction): string {
  switch (action) {
    case 'install':
      return 'Install Ollama';
    case 'start':
      return 'Start Ollama';
    case 'open-settings':
      return 'Open Settings';
    case 'open-logs':
      return 'Open Logs';
    case 'open-server-logs':
      return 'Open Ollama Server Logs';
    default:
      return assertNever(action);
  }
}

export function runAction(action: DaemonAction): Thenable<unknown> {
  switch (action) {
    case 'install':
      return vscode.commands.executeCommand('unbound.daemon.install');
    case 'start':
      return vscode.commands.executeCommand('unbound.daemon.start');
    case 'open-settings':
      return vscode.commands.executeCommand('workbench.action.openSettings', 'unbound.ollama');
    case 'open-logs':
      return vscode.commands.executeCommand('unbound.showLogs');
    case 'open-server-logs':
      return vscode.commands.executeCommand('unbound.showDaemonLogs');
    default:
      return assertNever(action);
  }
}

/** Shows `message` with one button per action and runs the one picked. */
export async function showWithActions(
  show: (message: string, ...items: string[]) => Thenable<string | undefined>,
  message: string,
  actions: readonly DaemonAction[],
): Promise<void> {
  const pick = await show(message, ...actions.map(actionLabel));
  const action = actions.find((a) => actionLabel(a) === pick);
  if (action) await runAction(action);
}
