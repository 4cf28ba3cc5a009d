/**
 * What a broken or hostile stream costs the client: CPU to refuse a line that
 * never ends (it stops at the 1 MiB cap; the library's own parsing used to re-split
 * the whole buffer on every chunk: 0.5 MB took 1 s, 4 MB 16 s of CPU), to read one
 * line just under the cap, and to read many ordinary token lines. Prints figures.
 *
 *   node --import tsx test/bench/hostile-stream-bench.ts
 */
import { silentLogger } from '../../src/core/log';
import { createOllamaClient, MAX_STREAM_LINE_BYTES } from '../../src/core/ollama/client';
import { resolveHost } from '../../src/core/ollama/host';
import { OllamaSimulator } from '../ollama-sim/simulator';

const MODEL = 'qwen2.5-coder:1.5b-base';

async function measure(label: string, run: () => Promise<string>): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = await run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  console.log(`${label.padEnd(44)} wall ${wall.toFixed(0).padStart(6)} ms  cpu ${cpuMs.toFixed(0).padStart(6)} ms  ${outcome}`);
}

async function main(): Promise<void> {
  const sim = await OllamaSimulator.start({ ttftMs: 0, tokensPerSecond: 0 });
  const api = createOllamaClient({ host: resolveHost(sim.url, undefined), logger: silentLogger });
  const drain = async (): Promise<string> => {
    let chars = 0;
    let lines = 0;
    try {
      for await (const chunk of api.generate({ model: MODEL, prompt: 'p' })) {
        chars += chunk.response.length;
        lines++;
      }
      return `${lines} lines, ${chars} characters`;
    } catch (e) {
      return `failed: ${e instanceof Error ? e.message : String(e)}`;
    }
  };
  try {
    for (let i = 0; i < 3; i++) {
      sim.setFault({ kind: 'endless-line', afterChunks: 0, path: '/api/generate', times: 1 });
      await measure(`endless line (run ${i + 1})`, drain);
    }
    for (let i = 0; i < 3; i++) {
      sim.setFault({ kind: 'huge-line', afterChunks: 0, chars: MAX_STREAM_LINE_BYTES - 200, path: '/api/generate', times: 1 });
      sim.script({ response: ['a'], times: 1 });
      await measure(`one line of ${MAX_STREAM_LINE_BYTES - 200} bytes (run ${i + 1})`, drain);
    }
    sim.script({ response: Array.from({ length: 20_000 }, (_, i) => `t${i % 10}`) });
    await measure('20 000 token lines', drain);
  } finally {
    await sim.stop();
  }
}

void main();
