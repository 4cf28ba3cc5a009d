// Runs the benchmarks (test/bench/*-bench.ts) against a fresh build of the
// language server: `npm run bench` runs all, `npm run bench:completion` one.
// The completion benchmark also types into a real VS Code (test/bench/vscode-completion.mjs:
// code-server and headless chromium, the e2e harness; HARNESS=<dir> reuses an installed one).
// Benchmarks print figures; they do not fail on slow machines.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const only = process.argv.slice(2);
const all = readdirSync('test/bench').filter((f) => f.endsWith('-bench.ts')).map((f) => f.slice(0, -'-bench.ts'.length)).sort();
const names = only.length ? only : all;
for (const name of names) {
  if (!all.includes(name)) {
    console.error(`[bench] no benchmark "${name}" (have: ${all.join(', ')})`);
    process.exit(2);
  }
}

const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const server = join('dist', 'server.js');
if (!existsSync(server)) {
  console.error('[bench] dist/server.js was not built');
  process.exit(1);
}

let failed = false;
for (const name of names) {
  console.log(`\n[bench] ${name}`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('test/bench', `${name}-bench.ts`), '--server', server], { stdio: 'inherit' });
  if (run.status !== 0) failed = true;
  if (name === 'completion') {
    console.log('\n[bench] completion in a real VS Code');
    const vscode = spawnSync(process.execPath, ['--import', 'tsx', join('test/bench', 'vscode-completion.mjs')], { stdio: 'inherit' });
    if (vscode.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
