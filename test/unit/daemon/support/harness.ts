/**
 * What the daemon manager tests share: the fake `ollama` binary, a free port, a
 * manager wired to real processes with short timings, and process liveness
 * that tells a zombie (killed, not yet reaped) from a live process.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { after } from 'node:test';
import { systemClock } from '../../../../src/core/clock';
import type { FailureCause } from '../../../../src/core/daemon/cause';
import { DaemonManager, type DaemonManagerDeps } from '../../../../src/core/daemon/daemon-manager';
import type { FileProbe } from '../../../../src/core/daemon/find-binary';
import { nodeFileProbe } from '../../../../src/core/daemon/node-file-probe';
import { nodeProcessTree } from '../../../../src/core/daemon/node-process-tree';
import { createHttpProbe, type Probe } from '../../../../src/core/daemon/probe';
import type { DaemonState } from '../../../../src/core/daemon/state';
import type { Logger } from '../../../../src/core/log';
import { resolveHost } from '../../../../src/core/ollama/host';
import type { ResolvedHost } from '../../../../src/core/ollama/types';
import { defaultOllamaSettings, type OllamaSettings } from '../../../../src/core/settings';

export const simBinary = resolve('test/ollama-sim/bin/ollama');

/** Everything a test started, cleaned up even when an assertion fails. */
export const cleanups: (() => unknown)[] = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
});

export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export interface RecordingLogger extends Logger {
  readonly lines: string[];
}

export function recorder(): RecordingLogger {
  const lines: string[] = [];
  const push = (level: string) => (message: string | Error) => lines.push(`${level} ${String(message)}`);
  return { lines, trace: push('trace'), debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') };
}

export interface Harness {
  readonly manager: DaemonManager;
  readonly states: DaemonState[];
  readonly spawned: ChildProcess[];
  /** OLLAMA_HOST of each spawn, in order. */
  readonly spawnedOn: (string | undefined)[];
  readonly log: RecordingLogger;
  readonly serverLog: RecordingLogger;
  readonly url: string;
  /** Points the manager at another address, as a changed host setting does. */
  moveTo(host: string): void;
}

export function harness(
  port: number,
  options: {
    settings?: Partial<OllamaSettings>;
    probe?: Probe;
    fs?: FileProbe;
    host?: string;
    deps?: Partial<DaemonManagerDeps>;
  } = {},
): Harness {
  let host: ResolvedHost = resolveHost(options.host ?? `127.0.0.1:${port}`, undefined);
  const settings: OllamaSettings = { ...defaultOllamaSettings, path: simBinary, ...options.settings };
  const spawned: ChildProcess[] = [];
  const spawnedOn: (string | undefined)[] = [];
  const log = recorder();
  const serverLog = recorder();
  const manager = new DaemonManager({
    host: () => host,
    settings: () => settings,
    probe: options.probe ?? createHttpProbe(fetch, () => host.url),
    spawner: (command: string, args: readonly string[], opts: SpawnOptions) => {
      const child = spawn(command, args, opts);
      spawned.push(child);
      spawnedOn.push(opts.env?.['OLLAMA_HOST']);
      cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'));
      return child;
    },
    processes: nodeProcessTree,
    fs: options.fs ?? nodeFileProbe,
    env: process.env,
    platform: 'linux',
    clock: systemClock,
    log,
    serverLog,
    timings: { startPollMs: 50, watchRunningMs: 100, watchIdleMs: 100, probeTimeoutMs: 1_000, stopGraceMs: 2_000 },
    restartPolicy: { delaysMs: [50, 100, 200] },
    ...options.deps,
  });
  cleanups.push(() => manager.shutdown());
  const states: DaemonState[] = [];
  manager.onDidChangeState((s) => states.push(s));
  return {
    manager,
    states,
    spawned,
    spawnedOn,
    log,
    serverLog,
    get url() {
      return host.url;
    },
    moveTo: (value) => {
      host = resolveHost(value, undefined);
    },
  };
}

export function errorCause(state: DaemonState): FailureCause {
  assert.equal(state.kind, 'error', JSON.stringify(state));
  return state.kind === 'error' ? state.cause : { kind: 'start-failed', message: 'not an error state' };
}

export async function waitFor<T>(what: string, check: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Whether the process runs. A killed process whose parent died stays a zombie until
 * PID 1 reaps it, which some container inits never do: on Linux, read its state.
 */
export function isAlive(pid: number): boolean {
  if (existsSync('/proc')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/api/version`, { signal: AbortSignal.timeout(1_000) });
    return res.ok;
  } catch {
    return false;
  }
}

