/**
 * Modelfile diagnostics after one keystroke in a 2,000-line Modelfile.
 *
 * - "in the server": what the server does per keystroke, in-process: apply the
 *   incremental change to its document, parse, validate, turn the verdicts into
 *   LSP diagnostics and serialise the notification. Target p99 <= 10 ms. Wall
 *   clock and CPU time: on a shared machine the wall clock also counts the
 *   time the process waited for a core.
 * - "over LSP": from sending didChange to receiving publishDiagnostics from the
 *   bundled server over stdio, transport included (a bare stdio round trip
 *   between two node processes costs a few ms alone on this kind of machine).
 *
 *   node --import tsx test/bench/modelfile-bench.ts [--server dist/server.js]
 */
import { cpus, loadavg } from 'node:os';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyses } from '../../src/server/features/modelfile/analysis';
import { toLspDiagnostics } from '../../src/server/features/modelfile/lsp-diagnostics';
import { buildServer } from './build-server';
import { LspClient } from './lsp-client';

const KEYSTROKES = 400;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** A long but ordinary Modelfile: template, system prompt, examples, parameters, comments, a few mistakes. */
function bigModelfile(lines: number): string {
  const out = ['# A long Modelfile for the diagnostics benchmark', 'FROM qwen2.5-coder:7b', 'TEMPLATE """{{- if .System }}<|im_start|>system'];
  for (let i = 0; out.length < 200; i++) out.push(`{{ if eq .Role "user" }}line ${i} {{ .Content }}{{ end }}<|im_end|>`);
  out.push('"""', 'SYSTEM """You are a careful assistant.');
  while (out.length < 600) out.push(`Rule ${out.length}: answer in full sentences and show your work where it helps.`);
  out.push('"""');
  const params = ['temperature 0.7', 'top_p 0.9', 'top_k 40', 'num_ctx 8192', 'stop "<|im_end|>"', 'repeat_penalty 1.1', 'seed 42', 'Temperature 1', 'mirostat 1'];
  for (let i = 0; out.length < lines - 1; i++) {
    switch (i % 4) {
      case 0:
        out.push(`PARAMETER ${params[i % params.length]}`);
        break;
      case 1:
        out.push(`MESSAGE user question number ${i}?`);
        break;
      case 2:
        out.push(`MESSAGE assistant answer number ${i}.`);
        break;
      default:
        out.push(`# note ${i}`);
    }
  }
  out.push('LICENSE MIT');
  return `${out.join('\n')}\n`;
}

async function main(): Promise<void> {
  const text = bigModelfile(2000);
  const lineCount = text.split('\n').length - 1;
  // Keystrokes go into the value of a PARAMETER line in the middle of the file, as typing would.
  const at = text.indexOf('PARAMETER temperature 0.7', text.length / 2) + 'PARAMETER temperature 0.'.length;

  // In the server's own code path.
  let document = TextDocument.create('file:///bench/Modelfile', 'modelfile', 1, text);
  const analyses = new Analyses();
  let diagnosticCount = 0;
  const inServer: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < KEYSTROKES + 50; i++) {
    const position = document.positionAt(at);
    const change = i % 2 === 0 ? { range: { start: position, end: position }, text: '5' } : { range: { start: position, end: document.positionAt(at + 1) }, text: '' };
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    document = TextDocument.update(document, [change], document.version + 1);
    const diagnostics = toLspDiagnostics(analyses.get(document));
    JSON.stringify({ uri: document.uri, version: document.version, diagnostics });
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpuStarted);
    if (i >= 50) {
      // The first ones warm the JIT up.
      inServer.push(elapsed);
      cpu.push((used.user + used.system) / 1000);
    }
    diagnosticCount = diagnostics.length;
  }
  // Wall-clock figures on a shared machine: the load says how much of them is waiting for a core.
  console.log(`modelfile: ${lineCount} lines, ${diagnosticCount} diagnostics; load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores`);
  console.log(`diagnostics after one keystroke, in the server: p50 ${percentile(inServer, 50).toFixed(2)} ms, p99 ${percentile(inServer, 99).toFixed(2)} ms (target p99 <= 10 ms, ${KEYSTROKES} keystrokes)`);
  // CPU time is the server's own work without the time it waited for a core, which the wall clock counts on a busy machine.
  console.log(`  of which CPU time: p50 ${percentile(cpu, 50).toFixed(2)} ms, p99 ${percentile(cpu, 99).toFixed(2)} ms`);

  // Over LSP, transport included.
  const serverArg = process.argv.indexOf('--server');
  const serverPath = serverArg > 0 ? (process.argv[serverArg + 1] ?? '') : await buildServer();
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '127.0.0.1:9' } });
  try {
    await client.initialize({ ollamaHost: 'http://127.0.0.1:9' });
    const uri = 'file:///bench/lsp/Modelfile';
    await client.open(uri, 'modelfile', text);
    await client.waitFor(client.diagnostics, (p) => p.uri === uri && p.version === 1, 10_000);
    const overLsp: number[] = [];
    for (let i = 0; i < KEYSTROKES / 2; i++) {
      const started = performance.now();
      const version = i % 2 === 0 ? client.insert(uri, at, '5') : client.edit(uri, at, at + 1, '');
      await client.waitFor(client.diagnostics, (p) => p.uri === uri && p.version === version, 10_000);
      overLsp.push(performance.now() - started);
    }
    console.log(`diagnostics after one keystroke, over LSP (stdio, transport included): p50 ${percentile(overLsp, 50).toFixed(2)} ms, p99 ${percentile(overLsp, 99).toFixed(2)} ms (${overLsp.length} keystrokes)`);
  } finally {
    await client.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
