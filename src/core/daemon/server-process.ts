import type { ChildProcess, SpawnOptions } from 'node:child_process';
import * as readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { Logger } from '../log';

/** Shaped like `child_process.spawn`, so the real one is passed in as is. */
export type Spawner = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (ENOENT, EACCES). */
  readonly spawnError?: string;
}

/**
 * An `ollama serve` Unbound started: forwards its output to the server log,
 * remembers the last stderr lines (the cause of an early exit is there) and
 * settles `exited` exactly once.
 */
export class ServerProcess {
  readonly startedAt: number;
  /** Set by stop() so the exit is not mistaken for a crash. */
  stopRequested = false;
  /** Set once it answered a probe; only such a process is restarted when it dies. */
  reachedRunning = false;
  exit: ExitInfo | undefined;
  readonly exited: Promise<ExitInfo>;
  private readonly stderrTail: string[] = [];

  constructor(
    readonly process: ChildProcess,
    serverLog: Logger,
    now: number,
    /** The OLLAMA_HOST it serves on: a host change moves the server only when this differs. */
    readonly address = '',
  ) {
    this.startedAt = now;
    this.exited = new Promise<ExitInfo>((resolve) => {
      const settle = (info: ExitInfo) => {
        if (this.exit) return;
        this.exit = info;
        resolve(info);
      };
      process.once('exit', (code, signal) => settle({ code, signal }));
      // `on`, not `once`: an 'error' with no listener throws, and a failed kill() can come after a first error.
      process.on('error', (err: NodeJS.ErrnoException) => {
        // 'error' also fires for a failed kill(); only a process that never got a pid failed to spawn.
        if (process.pid === undefined) settle({ code: null, signal: null, spawnError: err.code ?? err.message });
        else serverLog.warn(`ollama serve: ${err.message}`);
      });
    });
    pipeLines(process.stdout, (line) => logServerLine(serverLog, line));
    pipeLines(process.stderr, (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > 20) this.stderrTail.shift();
      logServerLine(serverLog, line);
    });
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get stderr(): string {
    return this.stderrTail.join('\n');
  }

  /** The last line that says something, for a one-line error message. */
  get lastErrorLine(): string | undefined {
    for (let i = this.stderrTail.length - 1; i >= 0; i--) {
      const line = this.stderrTail[i]?.trim();
      if (line) return line;
    }
    return undefined;
  }
}

function pipeLines(stream: Readable | null, onLine: (line: string) => void): void {
  if (!stream) return;
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', onLine);
}

/** Ollama logs with slog (`level=WARN ...`); keep the level so the channel's filter works. */
function logServerLine(log: Logger, line: string): void {
  const level = /\blevel=(DEBUG|INFO|WARN|ERROR)\b/.exec(line)?.[1];
  switch (level) {
    case 'DEBUG':
      log.debug(line);
      return;
    case 'WARN':
      log.warn(line);
      return;
    case 'ERROR':
      log.error(line);
      return;
    default:
      log.info(line);
  }
}
