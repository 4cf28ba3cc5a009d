/**
 * Completion benchmark: replays a seeded typing trace against the bundled
 * language server over LSP, exactly as VS Code drives it (didChange on every
 * key, the previous inline-completion request cancelled, a new one sent), with
 * the Ollama simulator answering each request with the file's true
 * continuation. Three passes: realistic model latency; a slow model whose
 * guesses are wrong (every key supersedes the generation in flight); zero
 * latency without debounce (what is left is the server's own time).
 * Prints a table and writes .bench/completion.json. Real timers: figures, not
 * pass/fail.
 *
 *   node --import tsx test/bench/completion-bench.ts [--server dist/server.js] [--seed 7] [--passes 0,1,2]
 *   BENCH_DEBUG=1 prints every key, log entry and generation (why a pause got no ghost text).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { RequestLogEntry } from '../../src/core/completion/api';
import type { CompletionSettings } from '../../src/core/settings';
import { OllamaSimulator, type RecordedRequest } from '../ollama-sim/simulator';
import { buildServer } from './build-server';
import { LspClient, type PendingCompletion } from './lsp-client';
import { continuation, tokens, WRONG } from './simulated-replies';
import { pauseAfterKey, seededRandom, typingTrace, type TypingTrace } from './typing-trace';
import { INLINE_COMPLETION_REFRESH_CAPABILITY } from '../../src/protocol/completion';

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
  /** The model answers something the user will not type, so every keystroke supersedes the generation in flight. */
  readonly wrongReplies?: boolean;
  /** Replay only the first this many keys. */
  readonly maxKeys?: number;
  /** The client declares the refresh capability, as Unbound's VS Code client does: a completion's first words come first. */
  readonly streaming?: boolean;
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
  /** Generations a keystroke made stale before they ended (wrong-guess pass only). */
  readonly supersededGenerations: number;
  readonly supersededAborted: number;
  readonly overheadMs: { p50: number | null; p99: number | null; max: number | null };
  /** The same, for requests answered without a generation (type-ahead, cache, skips). */
  /** A request answered without the engine: the transport's share of the overhead. */
  readonly lspRoundTripMs: { p50: number | null; p99: number | null };
  readonly overheadNoGenerationMs: { p50: number | null; p99: number | null; count: number };
  readonly requestsLogged: number;
  readonly debounced: boolean;
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


async function runPass(config: PassConfig, serverPath: string, source: string, trace: TypingTrace, seed: number): Promise<PassResult> {
  const sim = await OllamaSimulator.start({ ttftMs: config.ttftMs, tokensPerSecond: config.tokensPerSecond });
  const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
  const random = seededRandom(seed * 31 + 1);
  try {
    await client.initialize(
      { ollamaHost: sim.url, completion: { model: MODEL, ...config.completion } },
      ROOT,
      {
        textDocument: { inlineCompletion: { dynamicRegistration: false } },
        ...(config.streaming ? { experimental: { [INLINE_COMPLETION_REFRESH_CAPABILITY]: true } } : {}),
      },
    );
    await client.open(URI, 'typescript', trace.before + trace.after);
    let cursor = trace.before.length;

    // Warm-up, as when the user opens the file: the model plan (/api/show) and the first load are not what is measured.
    sim.script({ response: tokens((config.wrongReplies ? WRONG : '') + continuation(source, cursor), random), times: 1 });
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

    const keys = trace.keys.slice(0, config.maxKeys ?? trace.keys.length);
    for (const [index, key] of keys.entries()) {
      await sleep(key.delayMs);
      const target = cursor + key.insert.length;
      const truth = continuation(source, target);
      const prefixTail = (trace.before + trace.typed).slice(Math.max(0, target - MATCH_TAIL), target);
      sim.script({ match: { promptIncludes: prefixTail }, response: tokens(config.wrongReplies ? WRONG + truth : truth, random) });

      const keyAt = performance.now();
      client.insert(URI, cursor, key.insert);
      cursor = target;
      pending?.cancel();
      const request = client.inlineCompletion(URI, cursor);
      pending = request;
      // At the very end of the typed stretch the rest of the file is already there: nothing is left to predict.
      const atEnd = target === trace.before.length + trace.typed.length;
      const record: KeyRecord = { index, keyAt, pause: (key.pauseAfter || index === keys.length - 1) && !atEnd, truth };
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
      if (index === keys.length - 1) await sleep(pauseAfterKey(trace, index, FINAL_PAUSE_MS) || FINAL_PAUSE_MS);
    }
    await Promise.all(results);
    await collectLog();
    if (process.env.BENCH_DEBUG) {
      for (const r of records) console.log(`key ${r.index}${r.pause ? ' PAUSE' : ''} +${Math.round((r.respondedAt ?? 0) - r.keyAt)}ms shown=${JSON.stringify(r.shown)} truth=${JSON.stringify(r.truth)}`);
      for (const e of [...logged.values()].sort((a, b) => a.id - b.id)) console.log(`log ${e.id} ${e.outcome} ${e.reason ?? ''} raw=${JSON.stringify(e.raw)} final=${JSON.stringify(e.final)}`);
      for (const g of sim.requests.filter((r) => r.path === '/api/generate')) console.log(`gen ${g.id} start=${Math.round(g.startedAt - started)} slot=${Math.round((g.slotAt ?? 0) - started)} first=${Math.round((g.firstTokenAt ?? 0) - started)} end=${Math.round((g.endedAt ?? 0) - started)} abortedAt=${Math.round((g.abortedAt ?? 0) - started)} keysBefore=${records.filter((r) => r.keyAt <= (g.abortedAt ?? g.endedAt ?? 0)).slice(-2).map((r) => Math.round(r.keyAt - started)).join(',')} aborted=${g.aborted} tokens=${g.tokensGenerated} stale=${g.staleTokens} prompt=…${JSON.stringify((g.body.prompt ?? '').slice(-30))}`);
    }
    const durationMs = performance.now() - started;

    // The LSP round trip alone: a keystroke and a request the server declines before the engine (a URI scheme it
    // does not serve), after the same idle gaps as typing, since waking both processes is part of every request.
    await client.open('output:bench-baseline', 'log', '');
    const baseline: number[] = [];
    for (const key of trace.keys.slice(0, 40)) {
      await sleep(key.delayMs > 200 ? 120 : key.delayMs);
      client.insert('output:bench-baseline', 0, 'x');
      const probe = client.inlineCompletion('output:bench-baseline', 1);
      await probe.result;
      baseline.push(performance.now() - probe.sentAt);
    }

    for (const id of warmupIds) logged.delete(id);
    const measured = sim.requests.slice(firstMeasured).filter((r) => r.path === '/api/generate');
    const pauses = records.filter((r) => r.pause);
    const shown = pauses.filter((r) => r.shown !== undefined);
    const correct = shown.filter((r) => r.truth.startsWith(r.shown!) || r.shown!.startsWith(r.truth.trimEnd()));
    const ghost = shown.map((r) => r.respondedAt! - r.keyAt);
    const keyTimes = records.map((r) => r.keyAt);
    // A generation is stale from the first keystroke after it started that it does not predict. With the true
    // continuation as reply no keystroke diverges, so only the wrong-guess pass measures this; an abort with no
    // keystroke since the start is the engine ending the request itself (line complete), not a supersession.
    const supersede = config.wrongReplies
      ? measured
          .filter((r): r is RecordedRequest & { abortedAt: number } => r.aborted && r.abortedAt !== undefined)
          .map((r) => {
            const staleAt = keyTimes.find((t) => t > r.startedAt && t <= r.abortedAt);
            return staleAt === undefined ? NaN : r.abortedAt - staleAt;
          })
          .filter((d) => Number.isFinite(d))
      : [];
    const superseded = config.wrongReplies
      ? measured.filter((r) => keyTimes.some((t) => t > r.startedAt && t < (r.endedAt ?? r.abortedAt ?? Infinity))).length
      : 0;
    // Engine overhead: the LSP round trip minus the simulator's time on generations made for that request.
    // Generations that ran while the request waited (started before it, as with type-ahead, or for it) are simulator time.
    const withSim = overhead.map(({ sentAt, respondedAt }) => {
      const overlapping = measured.filter((g) => g.startedAt <= respondedAt && (g.endedAt ?? g.abortedAt ?? respondedAt) >= sentAt);
      const simTime = overlapping.reduce((sum, g) => sum + (Math.min(respondedAt, g.endedAt ?? g.abortedAt ?? respondedAt) - Math.max(sentAt, g.startedAt)), 0);
      return { ms: Math.max(0, respondedAt - sentAt - simTime), generation: overlapping.length > 0 };
    });
    const engineMs = withSim.map((o) => o.ms);
    const noGeneration = withSim.filter((o) => !o.generation).map((o) => o.ms);
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
      supersededGenerations: superseded,
      supersededAborted: supersede.length,
      overheadMs: { p50: percentile(engineMs, 50), p99: percentile(engineMs, 99), max: engineMs.length ? Math.max(...engineMs) : null },
      lspRoundTripMs: { p50: percentile(baseline, 50), p99: percentile(baseline, 99) },
      overheadNoGenerationMs: { p50: percentile(noGeneration, 50), p99: percentile(noGeneration, 99), count: noGeneration.length },
      requestsLogged: entries.length,
      debounced: (config.completion.debounceMs ?? 150) > 0 || config.completion.adaptiveDebounce !== false,
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

function table(passes: readonly PassResult[]): string {
  const metric = (name: string, target: string, value: (p: PassResult) => string): string[] => [name, ...passes.map(value), target];
  const ms = (v: { p50: number | null; p99: number | null }) => `${fmt(v.p50, ' ms')} / ${fmt(v.p99, ' ms')}`;
  const rows: string[][] = [
    ['metric', ...passes.map((p) => p.label), 'target'],
    metric('keystrokes / pauses', '>= 300 keys', (p) => `${p.keys} / ${p.pauses}`),
    metric('completions shown per pause', '>= 0.9', (p) => fmt(p.shownPerPause, '', 2)),
    metric('  of which match the file', '', (p) => fmt(p.correctPerPause, '', 2)),
    metric('last key of a pause -> ghost text, mean', '<= 500 ms', (p) => fmt(p.meanGhostMs, ' ms', 0)),
    metric('  max', '', (p) => fmt(p.maxGhostMs, ' ms', 0)),
    metric('generations started per pause', '<= 1.0', (p) => fmt(p.generationsPerPause, '', 2)),
    metric('generations (aborted at the simulator)', '', (p) => `${p.generations} (${p.abortedGenerations})`),
    metric('tokens generated after going stale', '<= 3', (p) => String(p.staleTokens)),
    metric('superseding keystroke -> abort at simulator p50 / p99', 'p99 <= 5 ms', (p) => (p.supersededGenerations ? ms(p.supersedeToAbortMs) : 'n/a')),
    metric('  superseded generations (aborted)', '', (p) => (p.supersededGenerations ? `${p.supersededGenerations} (${p.supersededAborted})` : 'n/a')),
    // With a debounce the round trip is mostly the debounce: only the zero-latency pass measures the server.
    metric('server overhead per request p50 / p99', '<= 2 / <= 10 ms', (p) => (p.debounced ? 'n/a (debounce)' : ms(p.overheadMs))),
    metric('  requests without a generation p50 / p99', '', (p) => (p.debounced ? 'n/a (debounce)' : ms(p.overheadNoGenerationMs))),
    metric('  LSP round trip alone, same gaps (no engine) p50 / p99', '', (p) => ms(p.lspRoundTripMs)),
    metric('type-ahead hit rate', '', (p) => fmt(p.typeAheadRate * 100, ' %', 0)),
    metric('cache hit rate', '', (p) => fmt(p.cacheRate * 100, ' %', 0)),
    metric('requests logged by the engine', '', (p) => String(p.requestsLogged)),
    metric('pass duration', '', (p) => fmt(p.durationMs / 1000, ' s')),
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
  const latency = { ttftMs: 150, tokensPerSecond: 60 };
  const configs: PassConfig[] = [
    { label: 'ttft 150 ms, 60 tok/s', ...latency, completion: defaults },
    // A slow model that guesses wrong: generations outlast the pauses, and the next key diverges from the one in
    // flight, which must stop at once.
    { label: 'wrong guesses, 15 tok/s', ttftMs: 150, tokensPerSecond: 15, completion: defaults, wrongReplies: true, maxKeys: Number(process.env.BENCH_KEYS ?? 150) },
    // The same to a client that takes a completion's first words first (Unbound's VS Code client).
    { label: 'same, streamed', ttftMs: 150, tokensPerSecond: 15, completion: defaults, wrongReplies: true, maxKeys: Number(process.env.BENCH_KEYS ?? 150), streaming: true },
    // Zero latency and no debounce: what is left of a request's time is the server's own.
    { label: 'zero latency, no debounce', ttftMs: 0, tokensPerSecond: 1_000_000, completion: { ...defaults, debounceMs: 0, adaptiveDebounce: false } },
  ];
  const passes: PassResult[] = [];
  const only = argument('--passes');
  for (const [i, config] of configs.entries()) {
    if (only && !only.split(',').includes(String(i))) continue;
    const result = await runPass(config, serverPath, source, trace, seed);
    console.log(`[bench] ${config.label}: ${Math.round(result.durationMs / 1000)} s`);
    passes.push(result);
  }
  console.log('');
  console.log(table(passes));
  console.log('');
  for (const p of passes) console.log(`outcomes (${p.label}): ${JSON.stringify(p.outcomes)}`);
  console.log(`load average during the run: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  mkdirSync(join(root, '.bench'), { recursive: true });
  const out = join(root, '.bench/completion.json');
  writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), seed, keys: trace.keys.length, typedChars: trace.typed.length, passes, loadAverage: loadavg(), cpus: cpus().length }, null, 2) + '\n');
  console.log(`[bench] wrote ${out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
