/**
 * Bundles src/server/main.ts the way scripts/build.mjs does, into a directory
 * of the caller's choosing, so tests and benches drive the real bundled server
 * without touching dist/ (another build may be writing it).
 */
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export async function buildServer(outDir: string = mkdtempSync(join(tmpdir(), 'unbound-server-'))): Promise<string> {
  const root = resolve(__dirname, '../..');
  await build({
    absWorkingDir: root,
    entryPoints: { server: 'src/server/main.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    external: ['vscode'],
  });
  return join(outDir, 'server.js');
}
