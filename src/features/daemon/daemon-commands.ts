import * as vscode from 'vscode';
import { assertNever } from '../../core/assert-never';
import { describeDaemonCause, type DaemonAction } from '../../core/daemon/cause';
import { DaemonRefusal } from '../../core/daemon/daemon-manager';
import { causeOf, type DaemonState } from '../../core/daemon/state';
import type { DaemonControl, UnboundContext } from '../context';
import { actionLabel, runAction } from './daemon-actions';
import { installOllama, offerInstall } from './install-offer';
import { errorMessage } from '../../core/error-message';

interface ActionItem extends vscode.QuickPickItem {
  /** Identifies the item, so an action the cause offers and the one every state offers appear once. */
  readonly id: string;
  run(): Thenable<unknown>;
}

/** unbound.daemon.* and the two log commands. */
export function registerDaemonCommands(
  ctx: UnboundContext,
  daemon: DaemonControl,
  serverLog: Pick<vscode.LogOutputChannel, 'show'>,
): vscode.Disposable[] {
  // A refusal is advice the user asked for by clicking; failures to start arrive as state (DaemonNotifier).
  const guarded = (action: () => Promise<void>) => async () => {
    try {
      await action();
    } catch (err) {
      if (err instanceof DaemonRefusal) {
        void vscode.window.showInformationMessage(err.message);
      } else {
        ctx.log.error(err instanceof Error ? err : String(err));
        void vscode.window.showErrorMessage(`Unbound: ${errorMessage(err)}`, 'Open Logs').then(
          (pick) => pick && vscode.commands.executeCommand('unbound.showLogs'),
        );
      }
    }
  };

  return [
    vscode.commands.registerCommand(
      'unbound.daemon.start',
      guarded(async () => {
        await daemon.start();
        // Still nothing to start: say so with the way forward, rather than nothing at all. Not awaited:
        // the command ends now, the notification stays until dismissed.
        if (daemon.state.kind === 'not-installed') void offerInstall('Ollama is not installed, so there is nothing to start.');
      }),
    ),
    vscode.commands.registerCommand('unbound.daemon.stop', guarded(() => daemon.stop())),
    vscode.commands.registerCommand('unbound.daemon.restart', guarded(() => daemon.restart())),
    vscode.commands.registerCommand('unbound.daemon.install', () => installOllama()),
    vscode.commands.registerCommand('unbound.showLogs', () => ctx.log.show(true)),
    vscode.commands.registerCommand('unbound.showDaemonLogs', () => serverLog.show(true)),
    vscode.commands.registerCommand('unbound.daemon.actions', async () => {
      const items = actionsFor(daemon.state, daemon, ctx.ollama.api.host.isLoopback);
      const pick = await vscode.window.showQuickPick(items, { title: titleFor(daemon.state, ctx.ollama.api.host.url), placeHolder: 'Ollama actions' });
      if (pick) await pick.run();
    }),
  ];
}

/** Only the actions that can do something in this state. */
function actionsFor(state: DaemonState, daemon: DaemonControl, local: boolean): ActionItem[] {
  const ours = state.kind === 'running' ? state.owner === 'unbound' : daemon.ownPid !== undefined;
  const items: ActionItem[] = [];
  const add = (id: string, label: string, run: () => Thenable<unknown>, detail?: string) => {
    if (!items.some((i) => i.id === id)) items.push({ id, label, run, ...(detail ? { detail } : {}) });
  };
  const command = (id: string, label: string, detail?: string) =>
    add(id, label, () => vscode.commands.executeCommand(id), detail);
  const cause = causeOf(state);
  switch (state.kind) {
    case 'not-installed':
    case 'stopped':
    case 'error':
      // The cause knows what can work: no Start for a bad path or a remote host, no Install when installed.
      for (const action of cause ? describeDaemonCause(cause).actions : []) {
        add(action, `${actionIcon(action)} ${actionLabel(action)}`, () => runAction(action));
      }
      break;
    case 'unknown':
      if (local) add('start', `${actionIcon('start')} ${actionLabel('start')}`, () => runAction('start'));
      break;
    case 'starting':
      if (ours) command('unbound.daemon.stop', '$(debug-stop) Stop Ollama');
      break;
    case 'running':
      if (ours) {
        command('unbound.daemon.stop', '$(debug-stop) Stop Ollama');
        command('unbound.daemon.restart', '$(debug-restart) Restart Ollama');
      }
      command('unbound.models.chooseCompletionModel', '$(symbol-method) Choose Completion Model…');
      command('unbound.models.chooseChatModel', '$(comment-discussion) Choose Chat Model…');
      command('unbound.models.pull', '$(cloud-download) Pull Model…');
      break;
    default: {
      const unexpected: never = state;
      return unexpected;
    }
  }
  add('open-logs', `${actionIcon('open-logs')} ${actionLabel('open-logs')}`, () => runAction('open-logs'), 'What Unbound did and why');
  if (daemon.hasSpawned) {
    add(
      'open-server-logs',
      `${actionIcon('open-server-logs')} ${actionLabel('open-server-logs')}`,
      () => runAction('open-server-logs'),
      'Output of the ollama serve Unbound started',
    );
  }
  return items;
}

function actionIcon(action: DaemonAction): string {
  switch (action) {
    case 'install':
      return '$(cloud-download)';
    case 'start':
      return '$(play)';
    case 'open-settings':
      return '$(gear)';
    case 'open-logs':
    case 'open-server-logs':
      return '$(output)';
    default:
      return assertNever(action);
  }
}

/** Names the host in use: the one place a user sees which address Unbound talks to. */
function titleFor(state: DaemonState, host: string): string {
  switch (state.kind) {
    case 'running':
      return `Ollama ${state.version} at ${host} (${state.owner === 'unbound' ? 'started by Unbound' : 'external'})`;
    case 'error':
      return `Ollama at ${host}: error`;
    case 'not-installed':
      return 'Ollama: not installed';
    case 'stopped':
      return `Ollama at ${host}: stopped`;
    case 'starting':
      return `Ollama at ${host}: starting`;
    case 'unknown':
      return `Ollama at ${host}`;
    default: {
      const unexpected: never = state;
      return String(unexpected);
    }
  }
}
