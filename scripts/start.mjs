#!/usr/bin/env node
// `npm start [folder]`: build Unbound and open it in a VS Code, pointed at YOUR Ollama (no test
// settings, no simulator).
// - A desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <folder>`.
// - Otherwise (a headless box): code-server from the e2e harness (installed on first use) with
//   Unbound loaded unpacked, on http://127.0.0.1:<port>; open the printed URL in a browser.
//   Its profile lives in .e2e-harness/start/ so your settings survive restarts. Ctrl-C stops it.
// Options: --port <n> (default 3210, else a free one), --server (code-server even if `code` exists).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import {
  HARNESS, ROOT, ensureHarness, freePort, killGroupAndWait, portOpen, startCodeServer, workbenchUrl,
} from './vscode-harness.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const positional = argv.filter((a, i) => !a.startsWith('--') && !['--port'].includes(argv[i - 1]));
// npm runs scripts from the repo root; INIT_CWD is where the user typed `npm start`.
const folder = resolve(positional[0] ?? process.env.INIT_CWD ?? ROOT);
const say = (...parts) => console.log('[start]', ...parts);

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)));
}

function build() {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function desktop() {
  say(`opening ${folder} in VS Code with Unbound from ${ROOT}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function server() {
  ensureHarness();
  const profile = join(HARNESS, 'start');
  mkdirSync(profile, { recursive: true });
  const wanted = Number(option('--port', process.env.PORT ?? 3210));
  const port = (await portOpen(wanted)) ? await freePort() : wanted;
  // The payload URL (extensionDevelopmentPath) is only honoured with the smoke-test driver on.
  const cs = await startCodeServer({ tmp: profile, workspace: folder, userSettings: null, port, quiet: true, handleSignals: false });
  const payload = [['extensionDevelopmentPath', cs.remote(ROOT)]];
  const url = workbenchUrl(cs.port, folder, payload);
  say('Unbound is running in code-server (VS Code in the browser). Open this URL:');
  console.log(`\n  ${url}\n`);
  say(`Ollama: your own (unbound.ollama.host, OLLAMA_HOST or http://127.0.0.1:11434). Settings and logs: ${profile}`);
  say(`server log: ${cs.logFile}. Ctrl-C stops it.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    await killGroupAndWait(cs.pid);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cs.child.on('exit', (code) => {
    if (!stopping) { say(`code-server exited (${code}); see ${cs.logFile}`); process.exit(code ?? 1); }
  });
}

build();
if (onPath('code') && !argv.includes('--server')) await desktop();
else await server();
