/**
 * What the language server does with an error nothing caught. An exception that
 * escaped to the event loop left some state half-changed (a document copy, a
 * scheduler slot): the server exits with code 1 and the client starts a fresh
 * one, rather than answering on in an unknown state. A rejected promise nobody
 * awaited changed nothing by itself: it is logged, and the server runs on.
 */
import { errorStack } from '../core/error-message';

export function guardProcess(proc: NodeJS.Process, log: (message: string) => void): void {
  proc.on('uncaughtException', (error) => {
    log(`[server] uncaught exception, exiting so the client restarts the server: ${error.stack ?? error.message}`);
    proc.exit(1);
  });
  proc.on('unhandledRejection', (reason) =>
    log(`[server] unhandled rejection: ${errorStack(reason)}`),
  );
}
