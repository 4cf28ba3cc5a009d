import * as vscode from 'vscode';
import type { UnboundApi } from './features/api';
import { activateChat } from './features/chat/activate-chat';
import { activateCompletion } from './features/completion/activate';
import type { UnboundContext } from './features/context';
import { activateDaemon } from './features/daemon/activate-daemon';
import { DaemonService } from './features/daemon/daemon-service';
import { activateModels } from './features/models/activate-models';
import { OllamaConnectionService } from './features/ollama-connection';
import { VscodeSettings } from './features/settings';

/**
 * The one composition root: every service is built here once, and everything
 * with a lifetime is pushed into `context.subscriptions`. Nothing here touches
 * the network or scans the disk; the first probe runs after activate() returns.
 */
export function activate(context: vscode.ExtensionContext): UnboundApi {
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
  // Chat and code actions take `completion.beginForegroundStream()` leases while they stream.
  // `chat` (its `explain`) is what the code actions hand Explain to.
  const chat = activateChat(ctx, { foreground: completion });

  const activationMs = performance.now() - started;
  log.info(`Unbound activated in ${activationMs.toFixed(1)} ms`);
  return {
    daemon,
    activationMs,
    statusBarText: () => daemonFeature.statusBarText(),
    modelTree: () => models.modelTree(),
    completionStatusText: () => completion.statusText(),
    chat: {
      state: () => chat.controller.state(),
      ask: (text) => chat.controller.ask(text),
      stop: () => chat.controller.chatSession.stop(),
      viewReady: () => chat.viewReady(),
      explain: (request) => chat.explain(request),
    },
  };
}

/**
 * Disposing the subscriptions stops what Unbound started: the daemon service sends
 * SIGTERM to its own `ollama serve` (never to a server it adopted), and the
 * language client stops its server.
 */
export function deactivate(): void {}
