import * as vscode from 'vscode';
import type { DaemonControl, UnboundContext } from '../context';
import { DaemonContextKeys } from './context-keys';
import { registerDaemonCommands } from './daemon-commands';
import { DaemonNotifier } from './daemon-notifier';
import type { DaemonService } from './daemon-service';
import { lostServerAction, startupAction } from './notice-policy';
import { DaemonStatusBar } from './status-bar';

/** What the daemon feature gives back to extension.ts (for the UnboundApi of the e2e suite). */
export interface DaemonFeature {
  statusBarText(): string;
}

/**
 * The daemon's VS Code side: status bar item, commands, notifications and the
 * auto-start policy. `daemon` is the DaemonService extension.ts built and put
 * into ctx.daemon.
 */
export function activateDaemon(ctx: UnboundContext, daemon: DaemonService): DaemonFeature {
  const statusBar = new DaemonStatusBar(daemon, ctx.settings, ctx.ollama);
  const notifier = new DaemonNotifier(ctx, daemon);
  const contextKeys = new DaemonContextKeys(daemon.state, daemon.onDidChangeState);
  ctx.subscriptions.push(statusBar, notifier, contextKeys, ...registerDaemonCommands(ctx, daemon, daemon.serverLog));

  // Activation does no network and no disk scan: the first probe runs after activate() returned.
  const timer = setTimeout(() => {
    // A failed settings write (the Always/Never answer) must not become an unhandled rejection.
    firstLook(ctx, daemon).catch((err: unknown) => ctx.log.error(`First look at Ollama failed: ${String(err)}`));
  }, 0);
  ctx.subscriptions.push({ dispose: () => clearTimeout(timer) });

  let previous = daemon.state;
  ctx.subscriptions.push(
    daemon.onDidChangeState((next) => {
      const action = lostServerAction(previous, next, ctx.settings.current.ollama.autoStart);
      previous = next;
      if (action === 'start') {
        ctx.log.info('The Ollama server in use stopped answering and unbound.ollama.autoStart is "always": starting one.');
        daemon.start().catch((err: unknown) => ctx.log.error(`Starting Ollama again failed: ${String(err)}`));
      }
    }),
  );

  return { statusBarText: () => statusBar.text };
}

/** The first probe, then the `unbound.ollama.autoStart` policy for a stopped local daemon. */
async function firstLook(ctx: UnboundContext, daemon: DaemonControl): Promise<void> {
  const state = await daemon.refresh();
  const host = ctx.ollama.api.host;
  ctx.log.info(`Ollama at ${host.url}: ${state.kind === 'running' ? `running ${state.version} (${state.owner})` : state.kind}`);
  const action = startupAction(state, ctx.settings.current.ollama.autoStart, host.isLoopback);
  switch (action) {
    case 'none':
      return;
    case 'start':
      await vscode.commands.executeCommand('unbound.daemon.start');
      return;
    case 'ask': {
      const start = 'Start';
      const always = 'Always';
      const never = 'Never';
      const pick = await vscode.window.showInformationMessage('Ollama is not running. Start it now?', start, always, never);
      if (pick === always || pick === never) await ctx.settings.update('ollama.autoStart', pick === always ? 'always' : 'never');
      if (pick === start || pick === always) await vscode.commands.executeCommand('unbound.daemon.start');
      return;
    }
    default: {
      const unexpected: never = action;
      ctx.log.warn(`Unknown startup action ${String(unexpected)}`);
    }
  }
}
