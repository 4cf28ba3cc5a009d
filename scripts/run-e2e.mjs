#!/usr/bin/env node
// `npm run test:e2e`: the mocha suite in test/e2e inside a real VS Code (code-server's Node
// extension host, driven by headless chromium), against the fake `ollama` binary; then the
// UI smoke (scripts/ui-smoke.mjs) that asserts on the workbench DOM and takes the screenshots, and the
// first-run check (scripts/ui-first-run.mjs) that does the same without the smoke-test driver.
// Exit code: 0 only if both pass.
//   --grep <re>       run only matching tests        --no-smoke   skip the UI smoke
//   --no-build        reuse dist/ and dist-test/     --timeout <s> whole mocha run (default 300)
//   KEEP_TMP=1 keeps the temp dirs; HARNESS_VERBOSE=1 prints the browser console.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MARKER_VAR, prepareE2eEnv } from './e2e-env.mjs';
import {
  ROOT, elapsed, ensureHarness, killGroupAndWait, killMarked, launchChromium, log, removeTmp, startCodeServer, workbenchUrl,
} from './vscode-harness.mjs';

const argv = process.argv.slice(2);
// Workbench chatter of an offline machine (docs/vscode-e2e-pitfalls.md, trap 7), forwarded with the mocha output: not ours.
const WORKBENCH_NOISE = new RegExp([
  'workbench\\.js:\\d', 'open-vsx\\.org', 'ENOTFOUND', 'AccountPolicyGate', 'authentication provider', 'onWillSaveTextDocument',
  'connection token', 'Creating a socket', 'reconnection-grace', 'Service Worker', 'additional builtin extensions', 'AgentHost',
].join('|'));
const flag = (name) => argv.includes(name);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };

function build() {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
  if (!existsSync(join(ROOT, 'dist-test/e2e/index.js'))) throw new Error('dist-test/e2e/index.js missing after the build');
}

/** The extension's own log ("Unbound" output channel), as VS Code wrote it under the user data dir. */
function extensionLogs(tmp) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/Unbound|exthost\.log$/.test(name)) found.push(p);
    }
  };
  try { walk(join(tmp, 'user-data', 'logs')); } catch { /* no logs yet */ }
  return found.map((p) => `----- ${p.slice(tmp.length + 1)}\n${readFileSync(p, 'utf8').slice(-6000)}`).join('\n');
}

const figures = [];

async function runMocha() {
  const timeoutMs = Number(option('--timeout', 300)) * 1000;
  const env = await prepareE2eEnv('unbound-e2e-');
  if (option('--grep')) env.env.UNBOUND_E2E_GREP = option('--grep');
  log(`temp ${env.tmp}; simulator will listen on ${env.simUrl}`);
  let server;
  let browser;
  let result = { code: 2 };
  try {
    server = await startCodeServer({ tmp: env.tmp, workspace: env.workspace, userSettings: env.userSettings, machineSettings: env.machineSettings, env: env.env });
    browser = await launchChromium(join(env.tmp, 'chrome'));
    const page = browser.pages()[0] || await browser.newPage();
    page.on('console', (m) => { if (process.env.HARNESS_VERBOSE) console.log('[browser]', m.text().slice(0, 400)); });
    page.on('pageerror', (e) => console.log('[pageerror]', e.message));
    // Trap 5: the verdict arrives only through these two functions, exposed before the page loads.
    const done = new Promise((resolve) => {
      page.exposeFunction('codeAutomationLog', (_type, args) => {
        const parts = Array.isArray(args) ? args : [args];
        for (const m of parts.map(String).join(' ').matchAll(/\[figure\] \S+/g)) figures.push(m[0]);
        if (process.env.HARNESS_VERBOSE || !WORKBENCH_NOISE.test(parts.map(String).join(' '))) console.log(...parts);
      });
      page.exposeFunction('codeAutomationExit', (code) => resolve({ code }));
      page.on('crash', () => { log('the workbench page crashed'); resolve({ code: 3 }); });
    });
    const payload = [
      ['extensionDevelopmentPath', server.remote(ROOT)],
      ['extensionTestsPath', server.remote(join(ROOT, 'dist-test/e2e'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(server.port, env.workspace, payload));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    log(`workbench loaded after ${elapsed()}`);
    result = await Promise.race([
      done,
      new Promise((resolve) => setTimeout(() => resolve({ code: 124, timeout: true }), timeoutMs).unref()),
    ]);
  } catch (err) {
    console.error('[harness] error:', err);
    result = { code: 2 };
  } finally {
    if (result.code !== 0) {
      if (server) console.log(`[harness] code-server log (tail):\n${server.readLog().slice(-3000)}`);
      console.log(`[harness] extension logs:\n${extensionLogs(env.tmp)}`);
    }
    try {
      const summary = JSON.parse(readFileSync(env.env.UNBOUND_E2E_RESULTS, 'utf8'));
      log(`mocha: ${summary.passes.length} passed, ${summary.failures.length} failed, ${summary.pending.length} pending`);
      for (const f of summary.failures) log(`FAILED: ${f.title}`);
      if (figures.length) log(`figures: ${figures.map((f) => f.replace('[figure] ', '')).join(' ')}`);
    } catch { log('mocha wrote no results (the run did not finish)'); }
    await browser?.close().catch(() => {});
    if (server) await killGroupAndWait(server.pid);
    // Anything still carrying this run's marker (e.g. an ollama serve that outlived its parent).
    const leftovers = await killMarked(MARKER_VAR, env.marker);
    if (leftovers.length) log(`ended ${leftovers.length} leftover process(es): ${leftovers.join(' ')}`);
    removeTmp(env.tmp);
  }
  log(`e2e suite finished with exit code ${result.code}${result.timeout ? ' (TIMEOUT)' : ''} after ${elapsed()}`);
  return result.code;
}

async function main() {
  ensureHarness();
  if (!flag('--no-build')) build();
  const mochaCode = await runMocha();
  let smokeCode = 0;
  if (!flag('--no-smoke') && !option('--grep')) {
    const shots = join(ROOT, 'test-results/screenshots');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/ui-smoke.mjs'), '--no-build', '--out', shots], { cwd: ROOT, stdio: 'inherit' });
    // The first run as a user sees it, toasts included: without the smoke-test driver.
    const first = spawnSync(process.execPath, [join(ROOT, 'scripts/ui-first-run.mjs'), '--no-build', '--out', shots], { cwd: ROOT, stdio: 'inherit' });
    // The chat view is a webview (an iframe): its own UI run drives it (scripts/ui-chat.mjs).
    const chat = spawnSync(process.execPath, [join(ROOT, 'scripts/ui-chat.mjs'), '--no-build', '--out', shots], { cwd: ROOT, stdio: 'inherit' });
    smokeCode = r.status || first.status || chat.status || (r.status === null || first.status === null || chat.status === null ? 1 : 0);
  }
  log(`summary: e2e mocha ${mochaCode === 0 ? 'PASS' : `FAIL (${mochaCode})`}${flag('--no-smoke') || option('--grep') ? '' : `, UI smoke ${smokeCode === 0 ? 'PASS' : `FAIL (${smokeCode})`}`}`);
  process.exit(mochaCode || smokeCode);
}

main().catch((err) => { console.error('[harness]', err); process.exit(2); });
