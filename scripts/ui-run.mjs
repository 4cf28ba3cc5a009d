// The frame every UI run shares (ui-smoke.mjs, ui-chat.mjs, ui-actions.mjs, ui-first-run.mjs and the
// chat benchmark bench-chat.mjs): its options, the `[<name>] ok ` / `[<name>] FAIL ` lines CI counts,
// the build, a workbench with Unbound loaded unpacked and the fake `ollama` behind it, and the
// cleanup of every process the run started, whatever happened.
/* global document */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MARKER_VAR, prepareE2eEnv } from './e2e-env.mjs';
import {
  ROOT, elapsed, ensureHarness, killGroupAndWait, killMarked, launchChromium, removeTmp, startCodeServer, workbenchUrl,
} from './vscode-harness.mjs';

/** The command line: `option('--x', fallback)` reads the word after `--x`; `out` is where screenshots go. */
export function cliOptions(argv = process.argv.slice(2)) {
  const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
  return { argv, option, out: resolve(option('--out', join(ROOT, 'docs/screenshots'))) };
}

/** The printed checks of one run and the verdict they add up to. */
export function checks(name) {
  const failures = [];
  const say = (...parts) => console.log(`[${name}]`, ...parts);
  function check(ok, what, detail = '') {
    say(`${ok ? 'ok  ' : 'FAIL'} ${what}${detail ? `: ${detail}` : ''}`);
    if (!ok) failures.push(what);
    return ok;
  }
  /** Prints the summary line and exits 0 when every check passed, 1 otherwise. */
  function finish(out, lead = '') {
    say(`${lead}${failures.length === 0 ? 'PASS' : `FAIL (${failures.join('; ')})`} after ${elapsed()}; screenshots in ${out}`);
    process.exit(failures.length === 0 ? 0 : 1);
  }
  return { say, check, failures, finish };
}

/** The harness must be there; dist/ is rebuilt unless `--no-build`. */
export function buildUnlessAsked(argv, buildArgs = []) {
  ensureHarness();
  if (argv.includes('--no-build')) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), ...buildArgs], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('build failed');
}

/** Stops what a run started, in order: the browser, each process group, anything still carrying the run's marker. */
export async function stopAll({ browser, pids = [], env }) {
  await browser?.close().catch(() => {});
  for (const pid of pids) if (pid) await killGroupAndWait(pid);
  await killMarked(MARKER_VAR, env.marker);
  removeTmp(env.tmp);
}

/**
 * code-server with Unbound loaded from the checkout and the simulator behind it, one chromium page on
 * the workbench. `body` gets { page, env, server, browser }; `onError`, if given, sees a failure while
 * everything still runs (to read the server's log, take a picture) and the error goes no further.
 */
export async function withWorkbench({ prefix, settings, clipboard = false, onPage }, body, onError) {
  const env = await prepareE2eEnv(prefix, { settings });
  let server;
  let browser;
  try {
    server = await startCodeServer({ tmp: env.tmp, workspace: env.workspace, userSettings: env.userSettings, machineSettings: env.machineSettings, env: env.env });
    browser = await launchChromium(join(env.tmp, 'chrome'));
    if (clipboard) await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${server.port}` });
    const page = browser.pages()[0] || await browser.newPage();
    onPage?.(page);
    await page.goto(workbenchUrl(server.port, env.workspace, [['extensionDevelopmentPath', server.remote(ROOT)], ['skipWelcome', 'true']]));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    return await body({ page, env, server, browser });
  } catch (err) {
    if (!onError) throw err;
    await onError(err, { server, browser });
    return undefined;
  } finally {
    await stopAll({ browser, pids: [server?.pid], env });
  }
}

/**
 * A checked UI run from build to exit code: the workbench loaded and cleared of the toasts it opened
 * on its own (so the screenshots show Unbound), `run(page, env, browser)`, a failed check named
 * `ranToTheEnd` if it threw (with the code-server log's tail), then the summary line.
 */
export async function runWorkbench({ log, argv, out, prefix, settings, clipboard, ranToTheEnd, stack = false, onFailure, run }) {
  buildUnlessAsked(argv);
  mkdirSync(out, { recursive: true });
  await withWorkbench({ prefix, settings, clipboard, onPage: (page) => page.on('pageerror', (e) => log.say('[pageerror]', e.message)) },
    async ({ page, env, browser }) => {
      log.say(`workbench loaded after ${elapsed()}`);
      await page.evaluate(() => document.querySelectorAll('.notification-toast .codicon-notifications-clear').forEach((b) => b.click())).catch(() => {});
      await run(page, env, browser);
    },
    async (err, { server, browser }) => {
      await onFailure?.(browser);
      log.check(false, ranToTheEnd, err instanceof Error ? (stack ? err.stack ?? err.message : err.message) : String(err));
      if (server) log.say(`code-server log (tail):\n${server.readLog().slice(-2000)}`);
    });
  log.finish(out);
}
