// Bundles the extension, the language server and (with --tests) the e2e suite and
// the Ollama simulator CLI with esbuild. Type-checking is `npm run typecheck`.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const tests = process.argv.includes('--tests');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
];
if (existsSync('src/server/main.ts')) {
  builds.push({ ...common, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' });
}
if (existsSync('src/webview/main.ts')) {
  builds.push({ ...common, platform: 'browser', format: 'iife', target: 'es2022', entryPoints: { chat: 'src/webview/main.ts' }, outdir: 'dist/webview' });
}

/** The codicon font and its stylesheet, loaded by the chat view from its own bundle folder. */
function copyWebviewAssets() {
  if (!existsSync('src/webview/main.ts')) return;
  mkdirSync('dist/webview', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(join('node_modules/@vscode/codicons/dist', f), join('dist/webview', f));
}

if (tests) {
  const e2e = existsSync('test/e2e') ? readdirSync('test/e2e').filter((f) => f.endsWith('.ts')).map((f) => join('test/e2e', f)) : [];
  if (e2e.length) {
    // mocha stays a real require: it is resolved from node_modules at run time.
    builds.push({ ...common, sourcemap: true, entryPoints: e2e, outdir: 'dist-test/e2e', external: ['vscode', 'mocha'] });
  }
  for (const [name, entry] of [['ollama-sim', 'test/ollama-sim/cli.ts'], ['lsp-client', 'test/bench/lsp-client.ts']]) {
    if (existsSync(entry)) builds.push({ ...common, sourcemap: true, entryPoints: { [name]: entry }, outdir: 'dist-test' });
  }
}

if (!watch) {
  rmSync('dist', { recursive: true, force: true });
  if (tests) rmSync('dist-test', { recursive: true, force: true });
}

if (watch) {
  copyWebviewAssets();
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('[build] watching');
} else {
  const started = performance.now();
  await Promise.all(builds.map((options) => esbuild.build(options)));
  copyWebviewAssets();
  console.log(`[build] ${builds.length} bundle(s) in ${Math.round(performance.now() - started)} ms${production ? ' (production)' : ''}`);
}
