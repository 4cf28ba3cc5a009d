// Time from "Start Ollama" to the status bar's "running", against the fake
// `ollama` executable really spawned, with the product's own timings (poll
// interval included): the part of the wait that is Unbound's, not Ollama's.
// And from "Stop Ollama" until the server and its runner process are all gone.
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { systemClock } from '../../src/core/clock';
import { DaemonManager } from '../../src/core/daemon/daemon-manager';
import { nodeFileProbe } from '../../src/core/daemon/node-file-probe';
import { nodeProcessTree } from '../../src/core/daemon/node-process-tree';
import { createHttpProbe } from '../../src/core/daemon/probe';
import { silentLogger } from '../../src/core/log';
import { resolveHost } from '../../src/core/ollama/host';
import { defaultOllamaSettings } from '../../src/core/settings';

const RUNS = 5;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function once(): Promise<{ start: number; stop: number }> {
  const host = resolveHost(`127.0.0.1:${await freePort()}`, undefined);
  const settings = { ...defaultOllamaSettings, path: resolve('test/ollama-sim/bin/ollama'), env: { UNBOUND_SIM_RUNNER: '1' } };
  const manager = new DaemonManager({
    host: () => host,
    settings: () => settings,
    probe: createHttpProbe(fetch, () => host.url),
    spawner: spawn,
    processes: nodeProcessTree,
    fs: nodeFileProbe,
    env: process.env,
    platform: 'linux',
    clock: systemClock,
    log: silentLogger,
    serverLog: silentLogger,
  });
  try {
    await manager.refresh();
    const started = performance.now();
    const running = new Promise<void>((done) => {
      manager.onDidChangeState((s) => s.kind === 'running' && done());
    });
    await manager.start();
    await running;
    const start = performance.now() - started;
    const stopping = performance.now();
    await manager.stop();
    return { start, stop: performance.now() - stopping };
  } finally {
    await manager.shutdown();
  }
}

async function main(): Promise<void> {
  const runs: { start: number; stop: number }[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once());
  const figure = (name: string, values: number[]): void => {
    const times = [...values].sort((a, b) => a - b);
    console.log(`[figure] ${name} p50=${times[Math.floor(RUNS / 2)].toFixed(0)} min=${times[0].toFixed(0)} max=${times[RUNS - 1].toFixed(0)}`);
  };
  console.log(`over ${RUNS} runs (fake ollama: node process + HTTP simulator + one runner child):`);
  figure('start_to_running_ms', runs.map((r) => r.start));
  figure('stop_to_group_gone_ms', runs.map((r) => r.stop));
}

void main();
