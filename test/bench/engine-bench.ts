/**
 * The engine alone, in-process: the same seeded typing trace as the LSP
 * benchmark, fed to CompletionEngine.complete() directly, with the simulator
 * behind the real HTTP client. It isolates what the LSP figures cannot: the
 * engine's own time per request (no process wake-ups, no JSON-RPC), and the
 * time from a superseding request to the abort reaching the simulator.
 *
 * On this kind of machine a bare stdio ping-pong between two idle node
 * processes already takes ~3 ms p50 / ~20 ms p99, which is why the LSP
 * benchmark's overhead figures are mostly transport.
 *
 *   node --import tsx test/bench/engine-bench.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompletionRequest } from '../../src/core/completion/api';
import { CompletionEngine } from '../../src/core/completion/engine';
import { systemClock } from '../../src/core/clock';
import { silentLogger } from '../../src/core/log';
import { createOllamaClient } from '../../src/core/ollama/client';
import { resolveHost } from '../../src/core/ollama/host';
import { defaultCompletionSettings, type CompletionSettings } from '../../src/core/settings';
import { OllamaSimulator } from '../ollama-sim/simulator';
import { continuation, tokens, WRONG } from './simulated-replies';
import { seededRandom, typingTrace } from './typing-trace';

const MODEL = 'qwen2.5-coder:1.5b-base';

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Pass {
  readonly label: string;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  readonly wrong: boolean;
  readonly keys: number;
  /** Wait between keys: real gaps, or none (back to back, as fast as the engine answers). */
  readonly paced: boolean;
}

async function run(pass: Pass, source: string): Promise<void> {
  const trace = typingTrace(source, {
    seed: 7,
    startOffset: source.indexOf('export function resolveHost'),
    minKeys: 300,
    keyGapMs: [60, 180],
    pauseMs: [600, 1500],
    charsBetweenPauses: [20, 40],
  });
  const sim = await OllamaSimulator.start({ ttftMs: pass.ttftMs, tokensPerSecond: pass.tokensPerSecond });
  const settings: CompletionSettings = { ...defaultCompletionSettings, model: MODEL, debounceMs: 0, adaptiveDebounce: false };
  const api = createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger });
  const engine = new CompletionEngine({ api, clock: systemClock, logger: silentLogger }, settings);
  const random = seededRandom(11);
  let text = trace.before + trace.after;
  let cursor = trace.before.length;
  const request = (): CompletionRequest => {
    const snapshot = text;
    return {
      uri: 'file:///bench/host.ts',
      path: 'src/core/ollama/host.ts',
      languageId: 'typescript',
      document: { length: snapshot.length, slice: (s, e) => snapshot.slice(s, e) },
      offset: cursor,
      version: 0,
      trigger: 'automatic',
    };
  };
  try {
    // Warm-up: the model plan (/api/show) is fetched once per model, not per keystroke.
    sim.script({ response: tokens(continuation(source, cursor), random), times: 1 });
    await engine.complete(request(), new AbortController().signal);

    const engineMs: number[] = [];
    const calledAt: number[] = [];
    const pending: Promise<unknown>[] = [];
    let previous: AbortController | undefined;
    for (const key of trace.keys.slice(0, pass.keys)) {
      if (pass.paced) await sleep(key.delayMs);
      text = text.slice(0, cursor) + key.insert + text.slice(cursor);
      cursor += key.insert.length;
      const truth = continuation(source, cursor);
      const tail = text.slice(Math.max(0, cursor - 48), cursor);
      sim.script({ match: { promptIncludes: tail }, response: tokens(pass.wrong ? WRONG + truth : truth, random) });
      previous?.abort(); // VS Code cancels the previous request on every keystroke
      const controller = new AbortController();
      previous = controller;
      const started = performance.now();
      calledAt.push(started);
      const done = engine.complete(request(), controller.signal).then(() => {
        const ended = performance.now();
        // The simulator's share: generations that ran while this request waited.
        const simMs = sim.requests
          .filter((r) => r.path === '/api/generate' && r.startedAt <= ended && (r.endedAt ?? r.abortedAt ?? ended) >= started)
          .reduce((sum, r) => sum + (Math.min(ended, r.endedAt ?? r.abortedAt ?? ended) - Math.max(started, r.startedAt)), 0);
        engineMs.push(Math.max(0, ended - started - simMs));
      });
      pending.push(done);
      if (!pass.paced) await done;
    }
    await Promise.all(pending);
    await sleep(200);

    const generations = sim.requests.filter((r) => r.path === '/api/generate');
    const supersede = generations
      .filter((r) => r.aborted && r.abortedAt !== undefined)
      .map((r) => {
        const by = calledAt.find((t) => t > r.startedAt && t <= r.abortedAt!);
        return by === undefined ? NaN : r.abortedAt! - by;
      })
      .filter(Number.isFinite);
    const stale = generations.reduce((sum, r) => sum + (r.staleTokens ?? 0), 0);
    console.log(`${pass.label}: ${engineMs.length} requests, ${generations.length} generations (${supersede.length} superseded and aborted), stale tokens ${stale}`);
    console.log(`[figure] engine_overhead_ms p50=${percentile(engineMs, 50).toFixed(2)} p99=${percentile(engineMs, 99).toFixed(2)} (target <= 2 / <= 10)`);
    if (supersede.length) {
      console.log(`[figure] supersede_to_abort_ms p50=${percentile(supersede, 50).toFixed(2)} p99=${percentile(supersede, 99).toFixed(2)} max=${Math.max(...supersede).toFixed(2)} over ${supersede.length} (target p99 <= 5)`);
    }
  } finally {
    engine.dispose();
    await sim.stop();
  }
}

/**
 * The floor under supersede_to_abort: a bare fetch() to the simulator aborted
 * mid-stream, no engine and no Ollama client, timed to the simulator seeing it.
 */
async function abortFloor(): Promise<void> {
  const sim = await OllamaSimulator.start({ ttftMs: 150, tokensPerSecond: 15 });
  const samples: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const controller = new AbortController();
      const body = JSON.stringify({ model: MODEL, prompt: `floor ${i}`, suffix: '\n' });
      const reading = fetch(`${sim.url}/api/generate`, { method: 'POST', body, signal: controller.signal })
        .then(async (res) => {
          const reader = res.body!.getReader();
          while (!(await reader.read()).done);
        })
        .catch(() => undefined);
      await sleep(60 + (i % 5) * 30);
      const abortedAt = performance.now();
      controller.abort();
      await reading;
      await sleep(30);
      const record = sim.requests.filter((r) => r.path === '/api/generate').at(-1);
      if (record?.abortedAt !== undefined) samples.push(record.abortedAt - abortedAt);
    }
    console.log(`[figure] bare_fetch_abort_to_simulator_ms p50=${percentile(samples, 50).toFixed(2)} p99=${percentile(samples, 99).toFixed(2)} (no engine: this machine's floor)`);
  } finally {
    await sim.stop();
  }
}

async function main(): Promise<void> {
  await abortFloor();
  const source = readFileSync(join(__dirname, 'fixtures/typed-source.ts.txt'), 'utf8');
  await run({ label: 'zero latency, back to back', ttftMs: 0, tokensPerSecond: 1_000_000, wrong: false, keys: 400, paced: false }, source);
  await run({ label: 'wrong guesses at 150 ms TTFT, 15 tok/s, typing pace', ttftMs: 150, tokensPerSecond: 15, wrong: true, keys: 150, paced: true }, source);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
