#!/usr/bin/env node
// `npm run test:electron`: the same mocha suite (dist-test/e2e, test/e2e/index.ts) in desktop
// VS Code through @vscode/test-electron, against the same fake `ollama` and settings as
// `npm run test:e2e`. It downloads VS Code on first use, so it needs internet (a developer's
// computer); on a headless Linux box run it under xvfb-run.
//   --version <v>   VS Code version (default: stable)   --no-build   reuse dist/ and dist-test/
//   --grep <re>     run only matching tests
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { MARKER_VAR, prepareE2eEnv } from './e2e-env.mjs';
import { QUIET_SETTINGS, ROOT, killMarked, removeTmp } from './vscode-harness.mjs';

const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const say = (...parts) => console.log('[electron]', ...parts);

if (!argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--tests'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const env = await prepareE2eEnv('unbound-electron-');
if (option('--grep')) env.env.UNBOUND_E2E_GREP = option('--grep');
const userData = join(env.tmp, 'user-data');
mkdirSync(join(userData, 'User'), { recursive: true });
writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...env.userSettings }, null, 1));

let code;
try {
  code = await runTests({
    version: option('--version', 'stable'),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(ROOT, 'dist-test/e2e'),
    extensionTestsEnv: env.env,
    launchArgs: [
      env.workspace,
      `--user-data-dir=${userData}`,
      `--extensions-dir=${join(env.tmp, 'extensions')}`,
      '--disable-workspace-trust',
      '--disable-extensions',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-gpu',
    ],
  });
} catch (err) {
  // runTests rejects with TestRunFailedError when VS Code exits non-zero (a failed test).
  say(err instanceof Error ? err.message : String(err));
  code = typeof err?.code === 'number' ? err.code : 1;
} finally {
  try {
    const summary = JSON.parse(readFileSync(env.env.UNBOUND_E2E_RESULTS, 'utf8'));
    say(`mocha: ${summary.passes.length} passed, ${summary.failures.length} failed, ${summary.pending.length} pending`);
  } catch { say('mocha wrote no results'); }
  // An `ollama serve` the extension started and VS Code did not stop.
  await killMarked(MARKER_VAR, env.marker);
  removeTmp(env.tmp);
}
say(`finished with exit code ${code}`);
process.exit(code || 0);
