/**
 * Inline completions in VS Code: the language client for dist/server.js, the
 * editor-side policy in front of it (enabled, languages, snooze, manual
 * trigger), the status bar item, the notices and the commands.
 */
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, State, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import type { EngineStatus, RequestLogEntry } from '../../core/completion/api';
import type { UnboundSettings } from '../../core/settings';
import { ForegroundLeases } from '../../core/foreground-leases';
import {
  CompletionNoticeNotification,
  CompletionStatusNotification,
  ForegroundStreamsNotification,
  RequestLogRequest,
  type CompletionServerSettings,
} from '../../protocol/completion';
import type { UnboundContext } from '../context';
import { createCompletionClient } from './language-client';
import { installedFimModels } from './fim-models';
import { InlineCompletionRefresher, refreshCapability } from './refresh';
import { NoticePresenter } from './notices';
import { decide, describeVerdict } from './policy';
import { Snooze } from './snooze';
import { CompletionStatusBar } from './status-bar';
import { WhyPanel } from './why-panel';
import { whyReport, type WhyReport } from './why-report';
import { errorMessage } from '../../core/error-message';

export interface CompletionFeature {
  /** The status bar item's text, as the user sees it. */
  statusText(): string;
  /** The command a click on the status bar item runs. */
  statusCommand(): string;
  /**
   * Chat and code actions hold a lease while they generate; completions yield until the
   * last lease is disposed (when `unbound.completion.yieldToChat` is on).
   */
  beginForegroundStream(): vscode.Disposable;
  /** Stops the language client and its server (deactivate() waits for it). */
  stop(): Promise<void>;
}

function serverSettings(ctx: UnboundContext, settings: UnboundSettings): CompletionServerSettings {
  const host = ctx.ollama.api.host;
  // The extension resolved the host already (setting, OLLAMA_HOST, default); the server uses that URL as is.
  // A `user:pass@host` value loses its credentials in the URL, so then the server gets the value itself (the
  // setting, or '' for OLLAMA_HOST, which the server inherits) and resolves it with the same rules.
  // The language server also hosts the Modelfile features; their one setting travels with these.
  const formatting = vscode.workspace.getConfiguration('unbound').get<unknown>('modelfile.formatting') === true;
  return {
    ollamaHost: host.authorization ? settings.ollama.host : host.url,
    streamIdleTimeoutSeconds: settings.ollama.streamIdleTimeoutSeconds,
    completion: settings.completion,
    modelfile: { formatting },
  };
}

export function activateCompletion(ctx: UnboundContext): CompletionFeature {
  const snooze = new Snooze();
  const statusBar = new CompletionStatusBar();
  const whyPanel = new WhyPanel();
  const notices = new NoticePresenter({
    useModel: (model) => ctx.settings.update('completion.model', model),
    showLogs: () => ctx.log.show(),
    ollamaAnswers: () => ctx.daemon.state.kind === 'running',
    currentModel: () => ctx.settings.current.completion.model,
    fimModels: () => installedFimModels(ctx.ollama.api, AbortSignal.timeout(10_000)),
  });
  let engineStatus: EngineStatus | undefined;
  let serverState: 'starting' | 'running' | 'stopped' = 'starting';
  const foreground = new ForegroundLeases();
  let lastDecision = '';

  const render = () =>
    statusBar.render({
      engine: engineStatus,
      serverState,
      enabled: ctx.settings.current.completion.enabled,
      model: ctx.settings.current.completion.model,
      snoozed: snooze.describe(),
      ollamaAnswers: ctx.daemon.state.kind === 'running',
    });

  const middleware: Middleware = {
    provideInlineCompletionItems: (document, position, context, token, next) => {
      const verdict = decide({
        settings: ctx.settings.current.completion,
        languageId: document.languageId,
        invoked: context.triggerKind === vscode.InlineCompletionTriggerKind.Invoke,
        snoozedUntil: snooze.snoozedUntil,
        now: Date.now(),
      });
      lastDecision = `${new Date().toLocaleTimeString()} ${document.languageId}: ${describeVerdict(verdict, document.languageId)}`;
      if (!verdict.allow) return null;
      // The update of a completion shown while it was being generated, which the server already sent.
      const kept = refresher?.take(document, position);
      if (kept) return kept;
      refresher?.asking(document, position);
      return next(document, position, context, token);
    },
  };

  // Built on the first tick after activation: constructing a LanguageClient costs
  // several milliseconds, and activation time is the user's editor start-up.
  let client: LanguageClient | undefined;
  let refresher: InlineCompletionRefresher | undefined;
  const running = (): LanguageClient | undefined => (client?.isRunning() ? client : undefined);

  const pushSettings = () => {
    const client = running();
    if (!client) return; // a (re)start sends them as initializationOptions
    client
      .sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings(ctx, ctx.settings.current) })
      .catch((error: unknown) => ctx.log.warn(`[completion] could not send settings: ${String(error)}`));
  };
  const pushForegroundStreams = () => {
    const client = running();
    if (!client) return;
    client
      .sendNotification(ForegroundStreamsNotification.type, { count: foreground.count })
      .catch((error: unknown) => ctx.log.warn(`[completion] could not send chat activity: ${String(error)}`));
  };

  ctx.subscriptions.push(
    snooze,
    statusBar,
    whyPanel,
    foreground,
    foreground.onDidChange(pushForegroundStreams),
    ctx.settings.onDidChange(() => {
      pushSettings();
      render();
    }),
    ctx.ollama.onDidChangeHost(() => pushSettings()),
    ctx.daemon.onDidChangeState((state) => {
      render();
      if (state.kind === 'running') notices.ollamaAnswered();
    }),
    snooze.onDidChange(render),
    vscode.commands.registerCommand('unbound.completion.toggle', async () => {
      const enabled = !ctx.settings.current.completion.enabled;
      await ctx.settings.update('completion.enabled', enabled);
      if (enabled && snooze.active) snooze.resume();
      vscode.window.setStatusBarMessage(enabled ? 'Unbound: inline completions on' : 'Unbound: inline completions off', 3000);
    }),
    vscode.commands.registerCommand('unbound.completion.snooze', () => snooze.pick()),
    vscode.commands.registerCommand('unbound.completion.trigger', () => vscode.commands.executeCommand('editor.action.inlineSuggest.trigger')),
    vscode.commands.registerCommand('unbound.completion.whyNoCompletion', async (): Promise<WhyReport> => {
      let entries: readonly RequestLogEntry[] = [];
      const client = running();
      if (client) {
        try {
          entries = await client.sendRequest(RequestLogRequest.type);
        } catch (error) {
          ctx.log.warn(`[completion] could not read the request log: ${String(error)}`);
        }
      }
      const report = whyReport({
        settings: ctx.settings.current.completion,
        engine: engineStatus,
        serverState,
        snoozed: snooze.describe(),
        languageId: vscode.window.activeTextEditor?.document.languageId,
        host: ctx.ollama.api.host.url,
        lastClientDecision: lastDecision,
        entries,
      });
      whyPanel.show(report);
      // Returned for callers that want the facts rather than the page (the e2e suite).
      return report;
    }),
  );

  // Neither building the client nor starting the server is on the activation path: the server is a process.
  const startServer = (): void => {
    const started = createCompletionClient({
      serverModule: ctx.extension.asAbsolutePath('dist/server.js'),
      log: ctx.log,
      middleware,
      settings: () => serverSettings(ctx, ctx.settings.current),
    });
    client = started;
    started.registerFeature(refreshCapability);
    refresher = new InlineCompletionRefresher(started);
    ctx.subscriptions.push(
      refresher,
      started.onNotification(CompletionStatusNotification.type, (status) => {
        engineStatus = status;
        render();
      }),
      started.onNotification(CompletionNoticeNotification.type, (notice) => notices.show(notice)),
      started.onDidChangeState(({ newState }) => {
        serverState = newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped';
        if (newState !== State.Running) engineStatus = undefined;
        else pushForegroundStreams(); // a restarted server starts at zero
        render();
      }),
    );
    started.start().catch((error: unknown) => {
      serverState = 'stopped';
      render();
      ctx.log.error(`[completion] could not start the completion server: ${errorMessage(error)}`);
    });
  };
  const startTimer = setTimeout(startServer, 0);
  ctx.subscriptions.push({
    dispose: () => {
      clearTimeout(startTimer);
      client?.dispose().catch(() => undefined);
    },
  });
  render();

  return {
    statusText: () => statusBar.text,
    statusCommand: () => statusBar.command,
    beginForegroundStream: () => foreground.begin(),
    stop: async () => {
      clearTimeout(startTimer);
      await client?.dispose().catch((error: unknown) => ctx.log.warn(`[completion] stopping the server: ${String(error)}`));
    },
  };
}
