#!/usr/bin/env node
// `npm start [folder]`: build Unbound and open it in a VS Code, pointed at YOUR Ollama.
// - A desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <folder>`.
// - Otherwise (a headless box): code-server from the e2e harness (installed on first use) with
//   Unbound installed unpacked in its own extensions folder, on http://127.0.0.1:<port>; open the
//   printed URL in a browser. The profile lives in .e2e-harness/start/ so your settings survive
//   restarts. Ctrl-C stops it.
// Options: --port <n> (default 3210, else a free one), --server (code-server even if `code` exists),
//          --simulator (no Ollama needed: starts the project's Ollama simulator, whose answers are
//          scripted, not a model, and points Unbound at it; its own profile in .e2e-harness/start-sim/).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import {
  HARNESS, ROOT, ensureHarness, freePort, installUnpacked, killGroup, killGroupAndWait, portOpen, startCodeServer, waitForPort, workbenchUrl,
} from './vscode-harness.mjs';
import { FAKE_OLLAMA, SIM_CONFIG } from './e2e-env.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const positional = argv.filter((a, i) => !a.startsWith('--') && !['--port'].includes(argv[i - 1]));
const simulator = argv.includes('--simulator');
// npm runs scripts from the repo root; INIT_CWD is where the user typed `npm start`.
const folder = resolve(positional[0] ?? process.env.INIT_CWD ?? ROOT);
const say = (...parts) => console.log('[start]', ...parts);
const INSTALL_LINE = 'curl -fsSL https://ollama.com/install.sh | sh';

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, cmd)));
}

function build() {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The URL Unbound will use when its host setting is empty: OLLAMA_HOST's rules, in short. */
function defaultOllamaUrl() {
  const raw = (process.env.OLLAMA_HOST ?? '').trim();
  if (!raw) return 'http://127.0.0.1:11434';
  const withScheme = /^https?:\/\//.test(raw) ? raw : `http://${raw}`;
  try {
    const u = new URL(withScheme);
    const host = u.hostname === '0.0.0.0' || u.hostname === '' ? '127.0.0.1' : u.hostname;
    return `${u.protocol}//${host}:${u.port || (u.protocol === 'https:' ? 443 : 11434)}`;
  } catch {
    return 'http://127.0.0.1:11434';
  }
}

async function ollamaAnswers(url) {
  try {
    const res = await fetch(`${url}/api/version`, { signal: globalThis.AbortSignal.timeout(1500) });
    return res.ok;
  } catch {
    return false;
  }
}

/** Tells the user, before the editor opens, whether there is an Ollama and what gets one. */
async function reportOllama() {
  const url = defaultOllamaUrl();
  if (await ollamaAnswers(url)) {
    say(`Ollama answers at ${url}.`);
    return;
  }
  if (onPath('ollama')) {
    say(`No Ollama answers at ${url}, but \`ollama\` is installed: Unbound offers to start it (or run \`ollama serve\`).`);
    return;
  }
  say(`No Ollama answers at ${url}, and \`ollama\` is not installed. Get it with:`);
  console.log(`\n  ${INSTALL_LINE}\n`);
  say('Or try every surface without it: `npm start -- --simulator` (scripted answers, not a model).');
}

/**
 * The project's Ollama simulator as `ollama serve` on a free port (never 11434, where a real one may
 * come up later). Its models and replies are scripted: it shows the UI, it does not write code.
 */
async function startSimulator(profile) {
  const port = await freePort();
  const config = join(profile, 'sim-config.json');
  // A human watches this one: a believable pace rather than the e2e suite's fast one.
  writeFileSync(config, JSON.stringify({ ...SIM_CONFIG, ttftMs: 150, tokensPerSecond: 40, pullBytesPerSecond: 50_000_000 }, null, 1));
  // Its `ollama serve`-style log goes to a file, not over the URL the user needs to see.
  const log = openSync(join(profile, 'simulator.log'), 'w');
  const child = spawn(FAKE_OLLAMA, ['serve'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, OLLAMA_HOST: `127.0.0.1:${port}`, UNBOUND_SIM_CONFIG: config },
  });
  closeSync(log);
  await waitForPort(port, 30_000, 'the Ollama simulator');
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

async function desktop() {
  say(`opening ${folder} in VS Code with Unbound from ${ROOT}`);
  const child = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

async function server() {
  ensureHarness();
  const profile = join(HARNESS, simulator ? 'start-sim' : 'start');
  mkdirSync(profile, { recursive: true });
  const extensionsDir = join(profile, 'extensions');
  installUnpacked(extensionsDir);
  let sim;
  if (simulator) {
    sim = await startSimulator(profile);
    say(`Ollama simulator (scripted answers, not a model) on ${sim.url}; its log: ${join(profile, 'simulator.log')}`);
  } else {
    await reportOllama();
  }
  const wanted = Number(option('--port', process.env.PORT ?? 3210));
  const port = (await portOpen(wanted)) ? await freePort() : wanted;
  const env = sim ? { OLLAMA_HOST: sim.url } : {};
  const cs = await startCodeServer({
    tmp: profile, workspace: folder, userSettings: null, port, env, extensionsDir, smokeTestDriver: false, quiet: true, handleSignals: false,
  });
  const url = workbenchUrl(cs.port, folder);
  say('Unbound is running in code-server (VS Code in the browser). Open this URL:');
  console.log(`\n  ${url}\n`);
  say(`Settings and logs: ${profile}; server log: ${cs.logFile}. Ctrl-C stops it.`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping code-server');
    if (sim) killGroup(sim.pid);
    await killGroupAndWait(cs.pid);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  cs.child.on('exit', (code) => {
    if (!stopping) {
      say(`code-server exited (${code}); see ${cs.logFile}`);
      if (sim) killGroup(sim.pid);
      process.exit(code ?? 1);
    }
  });
}

build();
if (onPath('code') && !argv.includes('--server') && !simulator) await desktop();
else await server();
