// Packs the extension as a user installs it and prints what it weighs:
// the .vsix, and the two bundles that load (the extension host reads extension.js
// on activation, so its size bears on activation time).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'unbound-vsix-'));
const out = join(dir, 'unbound.vsix');
const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
const run = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], {
  encoding: 'utf8',
  // This script runs under tsx; its loader must not leak into vsce (it breaks vsce's secret scan).
  env: { ...process.env, NODE_OPTIONS: '' },
});
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  process.exit(1);
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
console.log(`[figure] vsix_bytes=${statSync(out).size} (${kb(statSync(out).size)}; target < 2 MB)`);
for (const bundle of ['dist/extension.js', 'dist/server.js']) {
  console.log(`[figure] ${bundle} ${kb(statSync(bundle).size)} (production, minified)`);
}
rmSync(dir, { recursive: true, force: true });
