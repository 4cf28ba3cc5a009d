/**
 * The LanguageClient for the completion server (dist/server.js over IPC). Its
 * log goes to the shared "Unbound" channel; a crashed server is restarted a
 * few times (and each restart logged) before the client gives up and says so.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { CompletionServerSettings } from '../../protocol/completion';
import { errorMessage } from '../../core/error-message';

export interface CompletionClientOptions {
  readonly serverModule: string;
  readonly log: vscode.LogOutputChannel;
  readonly middleware: Middleware;
  /** Called at every (re)start, so a restarted server gets the current settings. */
  readonly settings: () => CompletionServerSettings;
}

/** Restarts allowed within `windowMs` before the client stops trying. */
const maxRestarts = 5;
const windowMs = 3 * 60_000;

function restartingErrorHandler(log: vscode.LogOutputChannel): ErrorHandler {
  const restarts: number[] = [];
  return {
    error(error, _message, count): ErrorHandlerResult {
      log.error(`[completion] connection to the completion server failed (${count ?? 1}): ${error.message}`);
      // A few transport errors can be transient; more in a row means the connection is gone.
      return { action: (count ?? 1) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
    },
    closed(): CloseHandlerResult {
      const now = Date.now();
      while (restarts.length && now - restarts[0]! > windowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        const message = `The completion server stopped ${maxRestarts + 1} times in ${windowMs / 60_000} minutes; inline completions are off until VS Code reloads. See the Unbound log.`;
        log.error(`[completion] ${message}`);
        return { action: CloseAction.DoNotRestart, message, handled: false };
      }
      restarts.push(now);
      log.warn(`[completion] the completion server stopped; restarting it (${restarts.length}/${maxRestarts})`);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

export function createCompletionClient(options: CompletionClientOptions): LanguageClient {
  const run = { module: options.serverModule, transport: TransportKind.ipc };
  const serverOptions: ServerOptions = { run, debug: run };
  return new LanguageClient(
    'unbound',
    'Unbound',
    serverOptions,
    {
      // Every language, but only real documents: output panes, the SCM input box and virtual documents use other schemes.
      documentSelector: [{ scheme: 'file' }, { scheme: 'untitled' }],
      outputChannel: options.log,
      initializationOptions: () => options.settings(),
      middleware: options.middleware,
      errorHandler: restartingErrorHandler(options.log),
      initializationFailedHandler: (error) => {
        options.log.error(`[completion] the completion server failed to initialize: ${errorMessage(error)}`);
        return false;
      },
    },
  );
}
