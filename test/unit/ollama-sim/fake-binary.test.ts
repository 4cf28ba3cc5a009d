// The fake `ollama` executable, really spawned: serve, answer, busy port, signals (docs/reference/ollama-api.md section 13).
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { parseOllamaHost } from '../../ollama-sim/ollama-host';

const BIN = resolve(__dirname, '../../ollama-sim/bin/ollama');

interface Running {
  readonly child: ChildProcess;
  stderr: string;
  stdout: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string> = {}): Running {
  // From source: the tests check this checkout's simulator, not a bundle built earlier.
  const child = spawn(BIN, args, { env: { ...process.env, UNBOUND_SIM_FROM_SOURCE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const running: Running = {
    child,
    stderr: '',
    stdout: '',
    exited: new Promise((done) => child.on('exit', (code, signal) => done({ code, signal }))),
  };
  child.stderr?.on('data', (d: Buffer) => (running.stderr += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (running.stdout += d.toString()));
  return running;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

describe('ollama-sim: fake ollama binary', () => {
  const started: Running[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const r of started) if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('--version prints the version like Ollama', async () => {
    const r = run(['--version']);
    assert.equal((await r.exited).code, 0);
    assert.equal(r.stdout, 'ollama version is 0.33.0\n');
  });

  it('serve listens on OLLAMA_HOST, logs like Ollama, answers, and exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const r = run(['serve'], { OLLAMA_HOST: `127.0.0.1:${port}` });
    started.push(r);
    await until('the Listening log line', () => r.stderr.includes(`Listening on 127.0.0.1:${port} (version 0.33.0)`));
    const version = await fetch(`http://127.0.0.1:${port}/api/version`);
    assert.deepEqual(await version.json(), { version: '0.33.0' });
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'Ollama is running');
    await until('the gin access log line', () => /\[GIN\] .* \| 200 \| .* \| GET +"\/api\/version"/.test(r.stderr));

    const busy = run(['serve'], { OLLAMA_HOST: `127.0.0.1:${port}` });
    started.push(busy);
    assert.equal((await busy.exited).code, 1);
    assert.match(busy.stderr, new RegExp(`Error: listen tcp 127\\.0\\.0\\.1:${port}: bind: address already in use`));

    r.child.kill('SIGTERM');
    const exit = await r.exited;
    assert.equal(exit.code, 0);
    assert.equal(await answers(`http://127.0.0.1:${port}/api/version`), false);
  });

  it('SIGINT also stops it with exit 0', async () => {
    const port = await freePort();
    const r = run(['serve'], { OLLAMA_HOST: `http://127.0.0.1:${port}` });
    started.push(r);
    await until('serving', () => answers(`http://127.0.0.1:${port}/api/version`));
    r.child.kill('SIGINT');
    assert.equal((await r.exited).code, 0);
  });

  it('takes its start options from UNBOUND_SIM_CONFIG and can be scripted over /__sim/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unbound-sim-'));
    dirs.push(dir);
    const config = join(dir, 'sim.json');
    writeFileSync(config, JSON.stringify({ version: '0.5.7', models: [{ name: 'only:1b', capabilities: ['completion', 'insert'] }], ttftMs: 1 }));
    const port = await freePort();
    const r = run(['serve'], { OLLAMA_HOST: `127.0.0.1:${port}`, UNBOUND_SIM_CONFIG: config });
    started.push(r);
    const url = `http://127.0.0.1:${port}`;
    await until('serving', () => answers(`${url}/api/version`));
    assert.deepEqual(await (await fetch(`${url}/api/version`)).json(), { version: '0.5.7' });
    const tags = (await (await fetch(`${url}/api/tags`)).json()) as { models: { name: string }[] };
    assert.deepEqual(tags.models.map((m) => m.name), ['only:1b']);

    await fetch(`${url}/__sim/script`, { method: 'POST', body: JSON.stringify({ response: ['from', ' afar'] }) });
    const gen = await fetch(`${url}/api/generate`, { method: 'POST', body: JSON.stringify({ model: 'only:1b', prompt: 'x', stream: false }) });
    assert.equal(((await gen.json()) as { response: string }).response, 'from afar');
    const requests = (await (await fetch(`${url}/__sim/requests`)).json()) as { path: string }[];
    assert.ok(requests.some((q) => q.path === '/api/generate'));
    r.child.kill('SIGTERM');
    assert.equal((await r.exited).code, 0);
  });

  it('UNBOUND_SIM_STARTUP_MS delays listening, so "starting" is observable', async () => {
    const port = await freePort();
    const r = run(['serve'], { OLLAMA_HOST: `127.0.0.1:${port}`, UNBOUND_SIM_STARTUP_MS: '1500' });
    started.push(r);
    await until('the process to log its config', () => r.stderr.includes('server config'));
    assert.equal(await answers(`http://127.0.0.1:${port}/api/version`), false, 'not listening yet');
    await until('serving', () => answers(`http://127.0.0.1:${port}/api/version`));
    r.child.kill('SIGTERM');
    assert.equal((await r.exited).code, 0);
  });

  it('an unknown command fails like cobra', async () => {
    const r = run(['frobnicate']);
    assert.equal((await r.exited).code, 1);
    assert.match(r.stderr, /^Error: unknown command "frobnicate" for "ollama"/);
  });
});

describe('ollama-sim: OLLAMA_HOST for serve', () => {
  it('follows envconfig.Host() for host:port forms', () => {
    assert.deepEqual(parseOllamaHost(undefined), { host: '127.0.0.1', port: 11434, scheme: 'http' });
    assert.deepEqual(parseOllamaHost('  "0.0.0.0:8080" '), { host: '0.0.0.0', port: 8080, scheme: 'http' });
    assert.deepEqual(parseOllamaHost('1.2.3.4'), { host: '1.2.3.4', port: 11434, scheme: 'http' });
    assert.deepEqual(parseOllamaHost(':1234'), { host: '', port: 1234, scheme: 'http' });
    assert.deepEqual(parseOllamaHost('http://example.com'), { host: 'example.com', port: 80, scheme: 'http' });
    assert.deepEqual(parseOllamaHost('https://example.com/ollama'), { host: 'example.com', port: 443, scheme: 'https' });
    assert.deepEqual(parseOllamaHost('[::1]:9999'), { host: '::1', port: 9999, scheme: 'http' });
    assert.deepEqual(parseOllamaHost('::1'), { host: '::1', port: 11434, scheme: 'http' });
    const warnings: string[] = [];
    assert.deepEqual(parseOllamaHost('localhost:99999', (w) => warnings.push(w)), { host: 'localhost', port: 11434, scheme: 'http' });
    assert.match(warnings[0] ?? '', /invalid port, using default/);
  });
});
