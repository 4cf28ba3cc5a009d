import * as vscode from 'vscode';
import { name, publisher } from '../package.json';
import { exportedApi, type UnboundPublicApi } from './features/api';
import { activateActions } from './features/actions/activate';
import { activateChat } from './features/chat/activate-chat';
import { activateCompletion } from './features/completion/activate';
import type { UnboundContext } from './features/context';
import { activateDaemon } from './features/daemon/activate-daemon';
import { DaemonService } from './features/daemon/daemon-service';
import { activateModels } from './features/models/activate-models';
import { activateModelfile } from './features/modelfile/activate-modelfile';
import { OllamaConnectionService } from './features/ollama-connection';
import { VscodeSettings } from './features/settings';

/** How deactivate() finds what activate() returned. */
const extensionId = `${publisher}.${name}`;
/**
 * The key of the shutdown activate() hands to deactivate() through VS Code's own
 * record of the extension's exports, so no module-level state holds the services.
 */
const shutdownKey = Symbol('unbound.shutdown');

interface Exports extends UnboundPublicApi {
  readonly [shutdownKey]?: () => Promise<void>;
}

/**
 * The one composition root: every service is built here once, and everything
 * with a lifetime is pushed into `context.subscriptions`. Nothing here touches
 * the network or scans the disk; the first probe runs after activate() returns.
 */
export function activate(context: vscode.ExtensionContext): UnboundPublicApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Unbound', { log: true });
  const settings = new VscodeSettings();
  const ollama = new OllamaConnectionService(settings, log);
  const daemon = new DaemonService({ log, settings, connection: ollama });
  context.subscriptions.push(log, settings, ollama, daemon);

  const ctx: UnboundContext = { extension: context, log, subscriptions: context.subscriptions, settings, ollama, daemon };
  const daemonFeature = activateDaemon(ctx, daemon);
  const models = activateModels(ctx);
  const completion = activateCompletion(ctx);
  activateModelfile(ctx, models.service);
  // Chat and code actions take `completion.beginForegroundStream()` leases while they stream.
  // Explain from the code actions lands in the chat view.
  const chat = activateChat(ctx, { foreground: completion });
  const actions = activateActions(ctx, { foreground: completion, chat });

  const activationMs = performance.now() - started;
  log.info(`Unbound activated in ${activationMs.toFixed(1)} ms`);
  const exported = exportedApi(
    context.extensionMode === vscode.ExtensionMode.Test,
    { daemon, activationMs },
    {
      statusBarText: () => daemonFeature.statusBarText(),
      modelTree: () => models.modelTree(),
      completionStatusText: () => completion.statusText(),
      completionStatusCommand: () => completion.statusCommand(),
      actionTimings: () => actions.timings(),
      chat: {
        state: () => chat.controller.state(),
        ask: (text) => chat.controller.ask(text),
        stop: () => chat.controller.chatSession.stop(),
        viewReady: () => chat.viewReady(),
        explain: (request) => chat.explain(request),
      },
    },
  );
  // Not enumerable: a consumer listing the API does not see it.
  Object.defineProperty(exported, shutdownKey, {
    value: async (): Promise<void> => {
      await Promise.all([daemon.shutdown(), completion.stop()]);
    },
  });
  return exported;
}

/**
 * VS Code awaits the promise (for a few seconds) before the extension host exits,
 * and disposes the subscriptions right after calling this. The promise resolves
 * once the `ollama serve` Unbound started, with every process it started, has
 * exited (never a server Unbound adopted) and the language client has stopped
 * its server.
 */
export function deactivate(): Promise<void> | undefined {
  const exports: Exports | undefined = vscode.extensions.getExtension<Exports>(extensionId)?.exports;
  return exports?.[shutdownKey]?.();
}
