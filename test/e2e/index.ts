// Mocha runner loaded by VS Code as `extensionTestsPath` (dist-test/e2e/index.js). Both runners
// use it: code-server driven by chromium (scripts/run-e2e.mjs) and @vscode/test-electron
// (scripts/run-electron.mjs). The extension host exits 0 whatever happens, so the verdict is the
// promise run() returns (rejected = failed) plus a JSON summary for the runner to print.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Summary {
  passes: string[];
  failures: { title: string; error: string }[];
  pending: string[];
  failuresCount?: number;
  finishedAt?: string;
}

export async function run(): Promise<void> {
  // mocha 12 is an ES module: a dynamic import works on every Node the extension host runs on.
  const { default: Mocha } = await import('mocha');
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 60_000,
    color: false,
    reporter: 'spec',
    grep: process.env.UNBOUND_E2E_GREP || undefined,
  });
  // Files run in name order: the suites are numbered so the daemon is up before the features need it.
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  await mocha.loadFilesAsync();
  const summary: Summary = { passes: [], failures: [], pending: [] };
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (t) => summary.passes.push(t.fullTitle()));
    runner.on('pending', (t) => summary.pending.push(t.fullTitle()));
    runner.on('fail', (t, err: unknown) => summary.failures.push({ title: t.fullTitle(), error: String(err instanceof Error ? err.stack : err) }));
  });
  summary.failuresCount = failures;
  summary.finishedAt = new Date().toISOString();
  const resultsFile = process.env.UNBOUND_E2E_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
  if (failures > 0) throw new Error(`${failures} e2e test(s) failed`);
}
