import * as vscode from 'vscode';
import { describeDaemonCause } from '../../core/daemon/cause';
import { causeOf, type DaemonState } from '../../core/daemon/state';
import { showWithActions } from '../daemon/daemon-actions';

/**
 * Before a model command asks Ollama anything: when the daemon is known not to
 * run, say why with the actions that work in that state (Install when it is
 * missing, never Start or Pull), instead of starting a request that must fail.
 * True when it told the user (the command stops there).
 */
export async function toldOllamaUnavailable(state: DaemonState): Promise<boolean> {
  const cause = causeOf(state);
  if (!cause) return false;
  const { message, actions } = describeDaemonCause(cause);
  // Not awaited: the command ends now, the notification stays until dismissed.
  void showWithActions((m, ...items) => vscode.window.showWarningMessage(m, ...items), message, actions);
  return true;
}
