/**
 * Why the daemon is not running, as data: the status bar, the notifier and the
 * actions menu read the cause and the actions it allows, instead of parsing a
 * sentence. Built like OllamaError's causes (src/core/ollama/errors.ts).
 */
import { assertNever } from '../assert-never';

/** What the user can do about a cause. Only actions that can work in that state are offered. */
export type DaemonAction = 'install' | 'start' | 'open-settings' | 'open-logs' | 'open-server-logs';

/** No server answers, nothing failed: installed and idle, stopped on request, or gone. */
export type StopCause =
  /** Nothing answers at a local address; an `ollama` executable is installed. */
  | { readonly kind: 'not-running'; readonly host: string; readonly detail: string }
  /** The user (or a host change) stopped the server Unbound started. */
  | { readonly kind: 'stopped-by-unbound' }
  /** A server that was answering stopped without Unbound stopping it; only a local one can be started from here. */
  | { readonly kind: 'stopped-answering'; readonly host: string; readonly local: boolean; readonly detail: string }
  /** A remote host does not answer; Unbound starts servers only on this machine. */
  | { readonly kind: 'remote-unreachable'; readonly host: string; readonly detail: string };

/** A start failed or a running server could not be kept up. */
export type FailureCause =
  /** `unbound.ollama.path` names a file that is missing or cannot run. */
  | { readonly kind: 'bad-path-setting'; readonly path: string; readonly problem: 'missing' | 'not-executable' }
  /** The executable was found but the OS refused to run it (ENOENT, EACCES). */
  | { readonly kind: 'spawn-failed'; readonly binary: string; readonly code: string }
  /** Something that is not Ollama holds the port. */
  | { readonly kind: 'port-busy-foreign'; readonly port: number; readonly detail: string }
  /** The `ollama serve` Unbound started did not answer in time; Unbound stopped it. */
  | { readonly kind: 'start-timeout'; readonly host: string; readonly seconds: number; readonly detail: string }
  /** The `ollama serve` Unbound started exited before answering. */
  | { readonly kind: 'exited-early'; readonly exit: string; readonly lastLine?: string }
  /** The server Unbound started kept dying; the restart policy gave up. */
  | { readonly kind: 'crashed-too-often'; readonly times: number; readonly windowSeconds: number }
  /** The Ollama desktop app was launched but no server answered in time. */
  | { readonly kind: 'desktop-app'; readonly host: string; readonly seconds: number; readonly detail: string }
  /** Anything unexpected while starting (a bug or an OS error): the message is all there is. */
  | { readonly kind: 'start-failed'; readonly message: string };

export type DaemonCause = { readonly kind: 'not-installed' } | StopCause | FailureCause;

export interface DaemonCauseDescription {
  /** One sentence naming the cause and the way out. */
  readonly message: string;
  /** Most useful first. */
  readonly actions: readonly DaemonAction[];
}

export function describeDaemonCause(cause: DaemonCause): DaemonCauseDescription {
  switch (cause.kind) {
    case 'not-installed':
      return {
        message: 'Ollama is not installed: nothing answers and no ollama executable was found.',
        actions: ['install', 'open-settings'],
      };
    case 'not-running':
      return { message: `Ollama is not running at ${cause.host} (${cause.detail}).`, actions: ['start', 'open-logs'] };
    case 'stopped-by-unbound':
      return { message: 'Ollama was stopped by Unbound.', actions: ['start'] };
    case 'stopped-answering':
      return {
        message: `Ollama at ${cause.host} stopped answering (${cause.detail}).`,
        actions: cause.local ? ['start', 'open-logs'] : ['open-settings', 'open-logs'],
      };
    case 'remote-unreachable':
      return {
        message:
          `Ollama at ${cause.host} is not answering (${cause.detail}). Unbound starts Ollama only on this machine: ` +
          'start it on that host, or clear unbound.ollama.host to use a local one.',
        actions: ['open-settings', 'open-logs'],
      };
    case 'bad-path-setting':
      return {
        message:
          cause.problem === 'missing'
            ? `unbound.ollama.path is set to "${cause.path}", which does not exist. Fix the path or clear the setting to search PATH.`
            : `unbound.ollama.path is set to "${cause.path}", which is not an executable file. Point it at the ollama binary.`,
        actions: ['open-settings', 'open-logs'],
      };
    case 'spawn-failed':
      return {
        message: `Could not run ${cause.binary} (${cause.code}). Check unbound.ollama.path or reinstall Ollama.`,
        actions: ['open-settings', 'install', 'open-logs'],
      };
    case 'port-busy-foreign':
      return {
        message:
          `Port ${cause.port} is taken by something that is not Ollama (${cause.detail}). Unbound did not start a second server. ` +
          'Stop that program, or set unbound.ollama.host to a free port.',
        actions: ['open-settings', 'open-logs'],
      };
    case 'start-timeout':
      return {
        message:
          `Ollama did not answer within ${cause.seconds} s at ${cause.host} (${cause.detail}). ` +
          'Unbound stopped the process it started. See "Unbound: Ollama" logs, or raise unbound.ollama.startTimeoutSeconds.',
        actions: ['start', 'open-server-logs', 'open-settings'],
      };
    case 'exited-early':
      return {
        message: `ollama serve exited with ${cause.exit} before answering${cause.lastLine ? `: ${cause.lastLine}` : ''}. See "Unbound: Ollama" logs.`,
        actions: ['open-server-logs', 'start', 'open-logs'],
      };
    case 'crashed-too-often':
      return {
        message:
          `Ollama stopped unexpectedly ${cause.times} times within ${cause.windowSeconds} s; ` +
          'Unbound stopped restarting it. See the "Unbound: Ollama" log for the cause, then start it again.',
        actions: ['open-server-logs', 'start', 'open-logs'],
      };
    case 'desktop-app':
      return {
        message:
          `Ollama did not answer within ${cause.seconds} s at ${cause.host} after launching the Ollama app (${cause.detail}). ` +
          'Open the app yourself, or set unbound.ollama.path so Unbound runs `ollama serve`.',
        actions: ['start', 'open-settings', 'open-logs'],
      };
    case 'start-failed':
      return { message: `Could not start Ollama: ${cause.message}`, actions: ['start', 'open-logs'] };
    default:
      return assertNever(cause);
  }
}
