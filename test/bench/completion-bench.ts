/**
 * Completion benchmark: replays a seeded typing trace against the bundled
 * language server over LSP, exactly as VS Code drives it (didChange on every
 * key, the previous inline-completion request cancelled, a new one sent), with
 * the Ollama simulator answering each request with the file's true
 * continuation. Once with realistic model latency, once at zero latency.
 * Prints a table and writes .bench/completion.json. Real timers: figures, not
 * pass/fail.
 *
 *   node --import tsx test/bench/completion-bench.ts [--server dist/server.js] [--seed 7]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RequestLogEntry } from '../../src/core/completion/api';
import type { CompletionSettings } from '../../src/core/settings';
import { OllamaSimulator, type RecordedRequest } from '../ollama-sim/simulator';
import { buildServer } from './build-server';
import { LspClient, type PendingCompletion } from './lsp-client';
import { pauseAfterKey, seededRandom, typingTrace, type TypingTrace } from './typing-trace';

const MODEL = 'qwen2.5-coder:1.5b-base';
const ROOT = 'file:///bench/unbound';
const URI = `${ROOT}/src/core/ollama/host.ts`;
const FINAL_PAUSE_MS = 1500;
/** Characters before the cursor a scripted reply is matched on. */
const MATCH_TAIL = 48;

interface PassConfig {
  readonly label: string;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  readonly completion: Partial<CompletionSettings>;
}

interface KeyRecord {
  readonly index: number;
  readonly keyAt: number;
  readonly pause: boolean;
  /** The true continuation at this point (what the simulated model answers). */
  readonly truth: string;
  respondedAt?: number;
  shown?: string;
}

interface PassResult {
  readonly label: string;
  readonly keys: number;
  readonly pauses: number;
  readonly shownPerPause: number;
  readonly correctPerPause: number;
  readonly meanGhostMs: number | null;
  readonly maxGhostMs: number | null;
  readonly generations: number;
  readonly generationsPerPause: number;
  readonly abortedGenerations: number;
  readonly staleTokens: number;
  readonly supersedeToAbortMs: { p50: number | null; p99: number | null; max: number | null };
  readonly overheadMs: { p50: number | null; p99: number | null; max: number | null };
  readonly requestsLogged: number;
  readonly typeAheadRate: number;
  readonly cacheRate: number;
  readonly outcomes: Record<string, number>;
  readonly durationMs: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function round(value: number | null, digits = 1): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** What a perfect model would write at `offset`: the rest of the line, or the next line when at a line end. */
export function continuation(source: string, offset: number): string {
  const lineEnd = source.indexOf('\n', offset);
  const end = lineEnd < 0 ? source.length : lineEnd;
  const rest = source.slice(offset, end);
  if (rest.trim()) return rest;
  const nextEnd = source.indexOf('\n', end + 1);
  return source.slice(offset, nextEnd < 0 ? source.length : nextEnd);
}

/** Model tokens of 3-4 characters. */
function tokens(text: string, random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = random() < 0.5 ? 3 : 4;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

async function runPass(config: PassConfig, serverPath: string, source: string, trace: TypingTrace, seed: number): Promise<PassResult> {
  const sim = await OllamaSimulator.start({ ttftMs: config.ttftMs, tokensPerSecond: config.tokensPerSecond });
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
  const random = seededRandom(seed * 31 + 1);
  try {
    await client.initialize({ ollamaHost: sim.url, completion: { model: MODEL, ...config.completion } }, ROOT);
    await client.open(URI, 'typescript', trace.before + trace.after);
    let cursor = trace.before.length;

    // Warm-up, as when the user opens the file: the model plan (/api/show) and the first load are not what is measured.
    sim.script({ response: tokens(continuation(source, cursor), random), times: 1 });
    await client.inlineCompletion(URI, cursor, 'manual').result;
    await sleep(300);
    const firstMeasured = sim.requests.length;

    const logged = new Map<number, RequestLogEntry>();
    const collectLog = async () => {
      for (const entry of await client.requestLog()) logged.set(entry.id, entry);
    };
    const warmupIds = new Set((await client.requestLog()).map((e) => e.id));

    const records: KeyRecord[] = [];
    const results: Promise<void>[] = [];
    const overhead: { sentAt: number; respondedAt: number }[] = [];
    let pending: PendingCompletion | undefined;
    const started = performance.now();

    for (const [index, key] of trace.keys.entries()) {
      await sleep(key.delayMs);
      const target = cursor + key.insert.length;
      const truth = continuation(source, target);
      const prefixTail = (trace.before + trace.typed).slice(Math.max(0, target - MATCH_TAIL), target);
      sim.script({ match: { promptIncludes: prefixTail }, response: tokens(truth, random) });

      const keyAt = performance.now();
      client.insert(URI, cursor, key.insert);
      cursor = target;
      pending?.cancel();
      const request = client.inlineCompletion(URI, cursor);
      pending = request;
      const record: KeyRecord = { index, keyAt, pause: key.pauseAfter, truth };
      records.push(record);
      results.push(
        request.result.then((items) => {
          record.respondedAt = performance.now();
          const text = items?.[0]?.insertText;
          if (typeof text === 'string' && text.length) record.shown = text;
          if (items !== null) overhead.push({ sentAt: request.sentAt, respondedAt: record.respondedAt });
        }),
      );
      // The engine keeps the last 50 requests: read them often enough to see every one.
      if (index % 15 === 14 || key.pauseAfter) void collectLog();
      if (key.pauseAfter && index === trace.keys.length - 1) await sleep(pauseAfterKey(trace, index, FINAL_PAUSE_MS));
    }
    await Promise.all(results);
    await collectLog();
    const durationMs = performance.now() - started;
    for (const id of warmupIds) logged.delete(id);

    const measured = sim.requests.slice(firstMeasured).filter((r) => r.path === '/api/generate');
    const pauses = records.filter((r) => r.pause);
    const shown = pauses.filter((r) => r.shown !== undefined);
    const correct = shown.filter((r) => r.truth.startsWith(r.shown!) || r.shown!.startsWith(r.truth.trimEnd()));
    const ghost = shown.map((r) => r.respondedAt! - r.keyAt);
    const keyTimes = records.map((r) => r.keyAt);
    const supersede = measured
      .filter((r): r is RecordedRequest & { abortedAt: number } => r.aborted && r.abortedAt !== undefined)
      .map((r) => {
        const before = keyTimes.filter((t) => t <= r.abortedAt);
        return before.length ? r.abortedAt - before[before.length - 1]! : NaN;
      })
      .filter((d) => Number.isFinite(d));
    // Engine overhead: the LSP round trip minus the simulator's time on generations made for that request.
    const engineMs = overhead.map(({ sentAt, respondedAt }) => {
      const simTime = measured
        .filter((g) => g.startedAt >= sentAt && g.startedAt <= respondedAt)
        .reduce((sum, g) => sum + ((g.endedAt ?? g.abortedAt ?? respondedAt) - g.startedAt), 0);
      return Math.max(0, respondedAt - sentAt - simTime);
    });
    const entries = [...logged.values()];
    const outcomes: Record<string, number> = {};
    for (const e of entries) {
      const key = e.reason ? `${e.outcome}:${e.reason.split(':')[0]}` : e.outcome;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    const rate = (reason: string) => (entries.length ? entries.filter((e) => e.outcome === 'cached' && e.reason === reason).length / entries.length : 0);
    return {
      label: config.label,
      keys: records.length,
      pauses: pauses.length,
      shownPerPause: shown.length / pauses.length,
      correctPerPause: correct.length / pauses.length,
      meanGhostMs: ghost.length ? ghost.reduce((a, b) => a + b, 0) / ghost.length : null,
      maxGhostMs: ghost.length ? Math.max(...ghost) : null,
      generations: measured.length,
      generationsPerPause: measured.length / pauses.length,
      abortedGenerations: measured.filter((r) => r.aborted).length,
      staleTokens: measured.reduce((sum, r) => sum + r.staleTokens, 0),
      supersedeToAbortMs: { p50: percentile(supersede, 50), p99: percentile(supersede, 99), max: supersede.length ? Math.max(...supersede) : null },
      overheadMs: { p50: percentile(engineMs, 50), p99: percentile(engineMs, 99), max: engineMs.length ? Math.max(...engineMs) : null },
      requestsLogged: entries.length,
      typeAheadRate: rate('type-ahead'),
      cacheRate: rate('cache'),
      outcomes,
      durationMs,
    };
  } finally {
    await client.stop();
    await sim.stop();
  }
}

function fmt(value: number | null, unit = '', digits = 1): string {
  return value === null ? '–' : `${round(value, digits)}${unit}`;
}

function table(real: PassResult, zero: PassResult): string {
  const rows: [string, string, string, string][] = [
    ['metric', real.label, zero.label, 'target'],
    ['keystrokes / pauses', `${real.keys} / ${real.pauses}`, `${zero.keys} / ${zero.pauses}`, '>= 300'],
    ['completions shown per pause', fmt(real.shownPerPause, '', 2), fmt(zero.shownPerPause, '', 2), '>= 0.9'],
    ['  of which match the file', fmt(real.correctPerPause, '', 2), fmt(zero.correctPerPause, '', 2), ''],
    ['last key of a pause -> ghost text, mean', fmt(real.meanGhostMs, ' ms', 0), fmt(zero.meanGhostMs, ' ms', 0), '<= 500 ms'],
    ['  max', fmt(real.maxGhostMs, ' ms', 0), fmt(zero.maxGhostMs, ' ms', 0), ''],
    ['generations started per pause', fmt(real.generationsPerPause, '', 2), fmt(zero.generationsPerPause, '', 2), '<= 1.0 (latency pass)'],
    ['generations (aborted)', `${real.generations} (${real.abortedGenerations})`, `${zero.generations} (${zero.abortedGenerations})`, ''],
    ['tokens generated after going stale', String(real.staleTokens), String(zero.staleTokens), '<= 3'],
    ['keystroke -> abort at simulator p50 / p99', `${fmt(real.supersedeToAbortMs.p50, ' ms')} / ${fmt(real.supersedeToAbortMs.p99, ' ms')}`, `${fmt(zero.supersedeToAbortMs.p50, ' ms')} / ${fmt(zero.supersedeToAbortMs.p99, ' ms')}`, 'p99 <= 5 ms'],
    ['engine+LSP overhead per request p50 / p99', `${fmt(real.overheadMs.p50, ' ms')} / ${fmt(real.overheadMs.p99, ' ms')}`, `${fmt(zero.overheadMs.p50, ' ms')} / ${fmt(zero.overheadMs.p99, ' ms')}`, '<= 2 / <= 10 ms (zero latency)'],
    ['type-ahead hit rate', fmt(real.typeAheadRate * 100, ' %', 0), fmt(zero.typeAheadRate * 100, ' %', 0), ''],
    ['cache hit rate', fmt(real.cacheRate * 100, ' %', 0), fmt(zero.cacheRate * 100, ' %', 0), ''],
    ['requests logged by the engine', String(real.requestsLogged), String(zero.requestsLogged), ''],
    ['pass duration', fmt(real.durationMs / 1000, ' s'), fmt(zero.durationMs / 1000, ' s'), ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '../..');
  const seed = Number(argument('--seed') ?? 7);
  const serverPath = argument('--server') ? resolve(argument('--server')!) : await buildServer();
  const source = readFileSync(join(__dirname, 'fixtures/typed-source.ts.txt'), 'utf8');
  const trace = typingTrace(source, {
    seed,
    startOffset: source.indexOf('export function resolveHost'),
    minKeys: 300,
    keyGapMs: [60, 180],
    pauseMs: [600, 1500],
    charsBetweenPauses: [20, 40],
  });
  const traceMs = trace.keys.reduce((sum, k) => sum + k.delayMs, 0);
  console.log(`[bench] typing ${trace.keys.length} keys (${trace.typed.length} chars) of ${URI.slice(ROOT.length + 1)}, seed ${seed}, ~${Math.round(traceMs / 1000)} s a pass`);

  const defaults: Partial<CompletionSettings> = { contextLength: 4096 };
  const real = await runPass({ label: 'ttft 150 ms, 60 tok/s', ttftMs: 150, tokensPerSecond: 60, completion: defaults }, serverPath, source, trace, seed);
  console.log(`[bench] latency pass done in ${Math.round(real.durationMs / 1000)} s`);
  // Zero latency and no debounce: what is left of a request's time is the server's own.
  const zero = await runPass(
    { label: 'zero latency, no debounce', ttftMs: 0, tokensPerSecond: 1_000_000, completion: { ...defaults, debounceMs: 0, adaptiveDebounce: false } },
    serverPath,
    source,
    trace,
    seed,
  );
  console.log('');
  console.log(table(real, zero));
  console.log('');
  console.log('outcomes (latency pass):', JSON.stringify(real.outcomes));
  console.log('outcomes (zero latency):', JSON.stringify(zero.outcomes));
  mkdirSync(join(root, '.bench'), { recursive: true });
  const out = join(root, '.bench/completion.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), seed, keys: trace.keys.length, typedChars: trace.typed.length, passes: [real, zero] }, null, 2) + '\n');
  console.log(`[bench] wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
