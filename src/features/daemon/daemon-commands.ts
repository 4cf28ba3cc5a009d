import * as vscode from 'vscode';
import { DaemonRefusal } from '../../core/daemon/daemon-manager';
import type { DaemonState } from '../../core/daemon/state';
import type { UnboundContext } from '../context';
import type { DaemonService } from './daemon-service';
import { offerInstall } from './install-offer';

interface ActionItem extends vscode.QuickPickItem {
  readonly command: string;
}

/** unbound.daemon.* and the two log commands. */
export function registerDaemonCommands(ctx: UnboundContext, daemon: DaemonService): vscode.Disposable[] {
  // A refusal is advice the user asked for by clicking; failures to start arrive as state (DaemonNotifier).
  const guarded = (action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (err) {
      if (err instanceof DaemonRefusal) {
        void vscode.window.showInformationMessage(err.message);
      } else {
        ctx.log.error(err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(`Unbound: ${err instanceof Error ? err.message : String(err)}`, 'Open Logs').then(
          (pick) => pick && vscode.commands.executeCommand('unbound.showLogs'),
        );
      }
    }
  };

  return [
    vscode.commands.registerCommand('unbound.daemon.start', guarded(() => daemon.start())),
    vscode.commands.registerCommand('unbound.daemon.stop', guarded(() => daemon.stop())),
    vscode.commands.registerCommand('unbound.daemon.restart', guarded(() => daemon.restart())),
    vscode.commands.registerCommand('unbound.daemon.install', () => offerInstall('Install Ollama.')),
    vscode.commands.registerCommand('unbound.showLogs', () => ctx.log.show(true)),
    vscode.commands.registerCommand('unbound.showDaemonLogs', () => daemon.serverLog.show(true)),
    vscode.commands.registerCommand('unbound.daemon.actions', async () => {
      const items = actionsFor(daemon.state, daemon);
      const pick = await vscode.window.showQuickPick(items, { title: titleFor(daemon.state), placeHolder: 'Ollama actions' });
      if (pick) await vscode.commands.executeCommand(pick.command);
    }),
  ];
}

/** Only the actions that can do something in this state. */
function actionsFor(state: DaemonState, daemon: DaemonService): ActionItem[] {
  const local = daemon.host.isLoopback;
  const ours = state.kind === 'running' ? state.owner === 'unbound' : daemon.manager.childPid !== undefined;
  const items: ActionItem[] = [];
  const add = (label: string, command: string, detail?: string) => items.push({ label, command, ...(detail ? { detail } : {}) });
  switch (state.kind) {
    case 'not-installed':
      add('$(cloud-download) Install Ollama', 'unbound.daemon.install');
      break;
    case 'unknown':
    case 'stopped':
    case 'error':
      if (local) add('$(play) Start Ollama', 'unbound.daemon.start');
      break;
    case 'starting':
      if (ours) add('$(debug-stop) Stop Ollama', 'unbound.daemon.stop');
      break;
    case 'running':
      if (ours) {
        add('$(debug-stop) Stop Ollama', 'unbound.daemon.stop');
        add('$(debug-restart) Restart Ollama', 'unbound.daemon.restart');
      }
      add('$(symbol-method) Choose Completion Model…', 'unbound.models.chooseCompletionModel');
      add('$(comment-discussion) Choose Chat Model…', 'unbound.models.chooseChatModel');
      add('$(cloud-download) Pull Model…', 'unbound.models.pull');
      break;
    default: {
      const unexpected: never = state;
      return unexpected;
    }
  }
  add('$(output) Open Logs', 'unbound.showLogs', 'What Unbound did and why');
  if (daemon.manager.hasSpawned) {
    add('$(output) Open Ollama Server Logs', 'unbound.showDaemonLogs', 'Output of the ollama serve Unbound started');
  }
  return items;
}

function titleFor(state: DaemonState): string {
  switch (state.kind) {
    case 'running':
      return `Ollama ${state.version} (${state.owner === 'unbound' ? 'started by Unbound' : 'external'})`;
    case 'error':
      return 'Ollama: error';
    case 'not-installed':
      return 'Ollama: not installed';
    case 'stopped':
      return 'Ollama: stopped';
    case 'starting':
      return 'Ollama: starting';
    case 'unknown':
      return 'Ollama';
    default: {
      const unexpected: never = state;
      return String(unexpected);
    }
  }
}
