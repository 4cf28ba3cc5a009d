/**
 * The fake `ollama` executable (test/ollama-sim/bin/ollama runs this), so the
 * daemon manager is tested by really spawning, probing and killing a process.
 *
 *   ollama serve        simulator on OLLAMA_HOST (default 127.0.0.1:11434); Ollama-like log on stderr;
 *                       exits 1 with Ollama's bind error when the port is taken; SIGTERM/SIGINT stop it (exit 0)
 *   ollama --version    `ollama version is 0.33.0`
 *   ollama list / ps    the client commands, against OLLAMA_HOST
 *
 * Env: UNBOUND_SIM_CONFIG = path of a JSON file with SimStartOptions;
 *      UNBOUND_SIM_STARTUP_MS = delay before listening, so "starting" is observable;
 *      UNBOUND_SIM_RUNNER=1 = start a child "runner" process, as `ollama serve` does for a loaded model
 *      (the runner holds the VRAM; it must not outlive a stop). Its pid is logged as `runner_pid=`,
 *      the server's own as `pid=` on the "server config" line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseOllamaHost, type ServeAddress } from './ollama-host';
import { OllamaSimulator } from './simulator';
import type { RecordedRequest, SimStartOptions } from './types';

function display(a: ServeAddress): string {
  const host = a.host === '' ? '[::]' : a.host.includes(':') ? `[${a.host}]` : a.host;
  return `${host}:${a.port}`;
}

/** Ollama's slog text format on stderr. */
export function log(level: 'INFO' | 'WARN' | 'ERROR', source: string, msg: string, attrs = ''): void {
  process.stderr.write(`time=${new Date().toISOString()} level=${level} source=${source} msg="${msg.replace(/"/g, '\\"')}"${attrs ? ` ${attrs}` : ''}\n`);
}

/** gin's access log line, as `ollama serve` prints one per request. */
function ginLine(r: RecordedRequest): string {
  const d = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const when = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} - ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const ms = ((r.endedAt ?? performance.now()) - r.startedAt).toFixed(3);
  const status = r.aborted ? 499 : r.status;
  return `[GIN] ${when} | ${String(status).padStart(3)} | ${`${ms}ms`.padStart(13)} | ${'127.0.0.1'.padStart(15)} | ${r.method.padEnd(8)} "${r.path}"\n`;
}

function loadConfig(): SimStartOptions {
  const path = process.env['UNBOUND_SIM_CONFIG'];
  if (!path) return {};
  return JSON.parse(readFileSync(path, 'utf8')) as SimStartOptions;
}

async function serve(): Promise<number> {
  const address = parseOllamaHost(process.env['OLLAMA_HOST'], (msg) => log('WARN', 'envconfig/config.go:61', msg));
  const config = loadConfig();
  const version = config.version ?? '0.33.0';
  log('INFO', 'routes.go:1588', 'server config', `env="map[OLLAMA_HOST:${address.scheme}://${display(address)} OLLAMA_KEEP_ALIVE:5m0s OLLAMA_NUM_PARALLEL:1]" pid=${process.pid}`);
  const runner = process.env['UNBOUND_SIM_RUNNER'] === '1' ? startRunner() : undefined;
  const startupMs = Number(process.env['UNBOUND_SIM_STARTUP_MS'] ?? 0);
  if (startupMs > 0) await new Promise((r) => setTimeout(r, startupMs));
  let sim: OllamaSimulator;
  try {
    const origins = (process.env['OLLAMA_ORIGINS'] ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
    sim = await OllamaSimulator.start({ ...config, origins: [...(config.origins ?? []), ...origins], port: address.port, host: address.host === '' ? '0.0.0.0' : address.host });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'EADDRINUSE' ? 'address already in use' : code === 'EACCES' ? 'permission denied' : code === 'EADDRNOTAVAIL' ? 'cannot assign requested address' : String((e as Error).message);
    process.stderr.write(`Error: listen tcp ${display(address)}: bind: ${reason}\n`);
    runner?.kill('SIGTERM');
    return 1;
  }
  log('INFO', 'routes.go:1641', `Listening on ${display({ ...address, port: sim.port })} (version ${version})`);
  sim.onRequestDone((r) => process.stderr.write(ginLine(r)));
  log('INFO', 'types.go:130', 'inference compute', 'id=cpu library=cpu compute="" name=cpu description=cpu total="16.0 GiB" available="12.0 GiB"');
  return new Promise<number>((resolve) => {
    const stop = (signal: string): void => {
      log('INFO', 'routes.go:1700', `received ${signal}, shutting down`);
      // Like Ollama, unload (end) the runner on a clean shutdown; only a kill that skips this orphans it.
      runner?.kill('SIGTERM');
      void sim.stop().then(() => resolve(0));
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

/** A stand-in for `ollama runner`: a separate process that only waits, as a loaded model's server would. */
function startRunner(): ChildProcess {
  const runner = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', 'ollama-sim-runner'], { stdio: 'ignore' });
  log('INFO', 'server.go:438', 'starting llama server', `runner_pid=${runner.pid ?? '?'}`);
  return runner;
}

/** `ollama list` / `ollama ps`: the client side, for scripts that shell out. */
async function client(command: 'list' | 'ps'): Promise<number> {
  const a = parseOllamaHost(process.env['OLLAMA_HOST']);
  const host = a.host === '' || a.host === '0.0.0.0' ? '127.0.0.1' : a.host === '::' ? '[::1]' : a.host.includes(':') ? `[${a.host}]` : a.host;
  try {
    const res = await fetch(`${a.scheme}://${host}:${a.port}/api/${command === 'list' ? 'tags' : 'ps'}`);
    const body = (await res.json()) as { models: { name: string; digest: string; size: number }[] };
    process.stdout.write(`NAME${' '.repeat(30)}ID              SIZE\n`);
    for (const m of body.models) process.stdout.write(`${m.name.padEnd(34)}${m.digest.slice(0, 12)}    ${(m.size / 1e9).toFixed(1)} GB\n`);
    return 0;
  } catch {
    process.stderr.write("Error: could not connect to ollama server, run 'ollama serve' to start it\n");
    return 1;
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'serve':
    case 'start':
      return serve();
    case '--version':
    case '-v':
    case 'version':
      process.stdout.write(`ollama version is ${loadConfig().version ?? '0.33.0'}\n`);
      return 0;
    case 'list':
    case 'ls':
      return client('list');
    case 'ps':
      return client('ps');
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write('Large language model runner\n\nUsage:\n  ollama [flags]\n  ollama [command]\n\nAvailable Commands:\n  serve       Start ollama\n  list        List models\n  ps          List running models\n');
      return 0;
    default:
      process.stderr.write(`Error: unknown command "${command}" for "ollama"\n`);
      return 1;
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
