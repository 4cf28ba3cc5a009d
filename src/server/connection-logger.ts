/**
 * The Logger the engine takes, written to the LSP connection's console
 * (window/logMessage). The VS Code client shows it in the shared "Unbound"
 * channel; other editors show it in their LSP log.
 */
import { format } from 'node:util';
import type { RemoteConsole } from 'vscode-languageserver';
import type { Logger } from '../core/log';

function render(message: string | Error, args: readonly unknown[]): string {
  const head = message instanceof Error ? (message.stack ?? message.message) : message;
  return args.length ? format(head, ...args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : a))) : head;
}

export function connectionLogger(console: RemoteConsole, tag = 'completion'): Logger {
  const line = (message: string | Error, args: readonly unknown[]) => `[${tag}] ${render(message, args)}`;
  return {
    // LSP has no trace level: trace goes out as debug (the client filters by the channel's level).
    trace: (message, ...args) => console.debug(line(message, args)),
    debug: (message, ...args) => console.debug(line(message, args)),
    info: (message, ...args) => console.info(line(message, args)),
    warn: (message, ...args) => console.warn(line(message, args)),
    error: (message, ...args) => console.error(line(message, args)),
  };
}
