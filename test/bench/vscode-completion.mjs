// Completion latency as a user sees it: a real VS Code (code-server, headless chromium) with Unbound
// loaded, typing a seeded trace with pauses into a Python file against the Ollama simulator, and
// reading the ghost text from the DOM. The simulated model answers a plausible line drawn from a pool
// (simulated-replies.ts), never the file's continuation, so type-ahead serves nothing a real model
// would not. Prints, per run: last key of a pause -> ghost text on screen, pauses with ghost text,
// generations started per pause, tokens generated after the request went stale (from the next key the
// page saw after the state the generation was asked for), the typing rhythm the page saw.
// Figures, not pass/fail. Run by `npm run bench:completion` (scripts/bench.mjs) after the LSP bench:
//   node --import tsx test/bench/vscode-completion.mjs [--seed 11] [--runs normal,slow]
/* global process, console, performance, document, window, MutationObserver, requestAnimationFrame */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIM_MODEL, MARKER_VAR, prepareE2eEnv } from '../../scripts/e2e-env.mjs';
import {
  ROOT, ensureHarness, killGroupAndWait, killMarked, launchChromium, removeTmp, startCodeServer, workbenchUrl,
} from '../../scripts/vscode-harness.mjs';
import { OllamaSimulator } from '../ollama-sim/simulator.ts';
import { plausiblePythonReply, tokens } from './simulated-replies.ts';
import { pythonBenchTrace, seededRandom } from './typing-trace.ts';

const argv = process.argv.slice(2);
const option = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const say = (...parts) => console.log('[bench:vscode]', ...parts);

const SEED = Number(option('--seed', 11));
/** `--streaming off` measures completions shown only once finished (unbound.completion.streaming). */
const STREAMING = option('--streaming', 'on') !== 'off';
const PAUSES = 11;
/** Characters before the cursor a scripted reply is matched on. */
const MATCH_TAIL = 48;
const FILE = 'inventory.py';

const RUNS = [
  // The targets each setting is held to, printed next to its figures.
  { id: 'normal', label: 'VS Code, ttft 150 ms, 60 tok/s', ttftMs: 150, tokensPerSecond: 60, targets: { meanGhostMs: 450, generationsPerPause: 1.3, staleTokens: 3 } },
  { id: 'slow', label: 'VS Code, slow model: ttft 400 ms, 25 tok/s', ttftMs: 400, tokensPerSecond: 25, targets: { shown: 7 } },
];

/** The typed stretch: from `def total_value`, cut after the PAUSES-th pause. */
function benchTrace(source) {
  const full = pythonBenchTrace(source, SEED);
  const keys = [];
  let pauses = 0;
  for (const key of full.keys) {
    keys.push(key);
    if (key.pauseAfter && ++pauses === PAUSES) break;
  }
  const typed = keys.map((k) => k.insert).join('');
  const start = full.before.length;
  // The rest of the line being typed is not in the file yet; what follows it is.
  const lineEnd = source.indexOf('\n', start + typed.length);
  const finalPauseMs = 1500;
  return { before: full.before, typed, after: `\n${source.slice(lineEnd + 1)}`, keys, finalPauseMs };
}

function mean(values) {
  return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : null;
}

async function runOnce(run, trace) {
  const sim = await OllamaSimulator.start({
    ttftMs: run.ttftMs,
    tokensPerSecond: run.tokensPerSecond,
    models: [{ name: FIM_MODEL, family: 'qwen2', parameterSize: '1.5B', capabilities: ['completion', 'insert'] }],
  });
  const random = seededRandom(SEED * 7 + 3);
  const env = await prepareE2eEnv('unbound-bench-', {
    settings: {
      'unbound.ollama.host': sim.url,
      'unbound.ollama.autoStart': 'never',
      'editor.autoIndent': 'none',
      'editor.autoClosingBrackets': 'never',
      'editor.autoClosingQuotes': 'never',
      'editor.autoClosingOvertype': 'never',
      'editor.autoSurround': 'never',
      'editor.acceptSuggestionOnEnter': 'off',
      'editor.tabCompletion': 'off',
      'editor.minimap.enabled': false,
      'editor.renderWhitespace': 'none',
      'unbound.completion.streaming': STREAMING,
    },
  });
  // Measure the product's own debounce defaults, not the e2e suite's quick ones.
  delete env.userSettings['unbound.completion.debounceMs'];
  delete env.userSettings['unbound.completion.adaptiveDebounce'];
  env.env.OLLAMA_HOST = sim.url;
  writeFileSync(join(env.workspace, FILE), trace.before + trace.after);
  let server;
  let browser;
  try {
    server = await startCodeServer({ tmp: env.tmp, workspace: env.workspace, userSettings: env.userSettings, machineSettings: env.machineSettings, env: env.env });
    browser = await launchChromium(join(env.tmp, 'chrome'));
    const page = browser.pages()[0] || await browser.newPage();
    await page.goto(workbenchUrl(server.port, env.workspace, [['extensionDevelopmentPath', server.remote(ROOT)], ['skipWelcome', 'true']]));
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
    // Unbound is up when its completion item names the model.
    await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: /qwen|Unbound/ }).first().waitFor({ timeout: 60_000 }).catch(() => {});
    const editorLines = page.locator('.editor-instance .monaco-editor .view-lines').first();
    for (let attempt = 0; attempt < 5 && !(await editorLines.isVisible().catch(() => false)); attempt++) {
      await page.keyboard.press('Control+P');
      await sleep(500);
      await page.keyboard.type(FILE);
      await sleep(1000);
      await page.keyboard.press('Enter');
      await editorLines.waitFor({ timeout: 5000 }).catch(() => {});
    }
    await editorLines.waitFor({ timeout: 5000 });
    await sleep(1500);
    const line = trace.before.split('\n').length;
    await page.keyboard.press('Control+P');
    await page.keyboard.type(`:${line}`);
    await sleep(300);
    await page.keyboard.press('Enter');
    await sleep(500);

    // Warm-up, as when the user starts typing in a file: the model plan (/api/show) is fetched once.
    sim.script({ response: tokens('x\n', random), times: 1 });
    await page.keyboard.press('Alt+Backslash');
    await sleep(1500);
    await page.keyboard.press('Escape');
    await sleep(300);

    await page.evaluate(() => {
      const bench = { keys: [], ghosts: [] };
      window.__unboundBench = bench;
      const now = () => performance.timeOrigin + performance.now();
      // Frames painted: a state that changes again within one frame is never on screen.
      bench.frame = 0;
      const tick = () => {
        bench.frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      document.addEventListener('keydown', () => bench.keys.push(now()), true);
      const editor = document.querySelector('.editor-instance');
      let last = '';
      const read = () => Array.from(editor.querySelectorAll('.ghost-text-decoration, .ghost-text')).map((e) => e.textContent).join('');
      new MutationObserver(() => {
        const text = read();
        if (text !== last) {
          last = text;
          bench.ghosts.push({ at: now(), text, frame: bench.frame });
        }
      }).observe(editor, { subtree: true, childList: true, characterData: true });
    });

    const firstMeasured = sim.requests.length;
    const prefixes = [];
    let prefix = trace.before;
    // Keys go out on the trace's own schedule (a user's fingers do not slow down with the machine):
    // each is due its gap after the previous one was due, and a late key is sent at once.
    let due = performance.now();
    for (const [index, key] of trace.keys.entries()) {
      due += key.delayMs;
      await sleep(Math.max(0, due - performance.now()));
      prefix += key.insert;
      prefixes.push(prefix);
      // The model's answer for the state after this key: matched on the text before the cursor.
      sim.script({ match: { promptIncludes: prefix.slice(-MATCH_TAIL) }, response: tokens(plausiblePythonReply(random), random) });
      if (key.insert.startsWith('\n')) {
        await page.keyboard.press('Enter');
        if (key.insert.length > 1) await page.keyboard.insertText(key.insert.slice(1));
      } else {
        await page.keyboard.type(key.insert);
      }
      if (index === trace.keys.length - 1) await sleep(trace.finalPauseMs);
    }
    const seen = await page.evaluate(() => window.__unboundBench);
    const typedText = await page.locator('.editor-instance .view-lines').first().innerText();
    // One keydown per key (a newline key is Enter, its indentation inserted without keys): the times
    // the user typed, in the page's clock (epoch ms), which the simulator's times are converted to.
    const keysSeen = seen.keys.length === trace.keys.length;
    const keyAt = seen.keys;
    const epoch = (t) => performance.timeOrigin + t;

    const pauses = [];
    for (const [index, key] of trace.keys.entries()) {
      if (!key.pauseAfter) continue;
      const at = keyAt[index];
      const until = index + 1 < keyAt.length ? keyAt[index + 1] : at + trace.finalPauseMs;
      const during = seen.ghosts.filter((g) => g.at > at && g.at < until);
      const ghost = during.find((g) => g.text.trim() !== '');
      // With streaming, the first words come first and the rest follows: when it stopped changing.
      const whole = during.at(-1);
      // The ghost text went blank between two texts (an update that hides, then shows): how long.
      let blankMs = 0;
      let blankFrames = 0;
      for (let i = 1; i + 1 < during.length; i++) {
        if (during[i].text.trim() === '' && ghost && during[i].at > ghost.at && during[i + 1].text.trim() !== '') {
          blankMs += during[i + 1].at - during[i].at;
          blankFrames += during[i + 1].frame - during[i].frame;
        }
      }
      pauses.push({
        index,
        pauseMs: Math.round(until - at),
        ghostMs: ghost ? Math.round(ghost.at - at) : null,
        ghost: ghost?.text ?? null,
        wholeMs: whole && whole.text.trim() !== '' ? Math.round(whole.at - at) : null,
        whole: whole?.text ?? null,
        blankMs: Math.round(blankMs),
        blankFrames,
        sequence: during.map((g) => `${Math.round(g.at - at)}:${JSON.stringify(g.text)}`),
      });
    }
    const generations = sim.requests.slice(firstMeasured).filter((r) => r.path === '/api/generate');
    const interval = 1000 / run.tokensPerSecond;
    // The key a generation's prompt was for: the latest state whose text before the cursor ends the prompt's prefix.
    const keyOf = (g) => {
      const prompt = String(g.body.prompt ?? '');
      const cut = prompt.indexOf('<|fim_suffix|>');
      const before = cut < 0 ? prompt : prompt.slice(0, cut);
      for (let i = prefixes.length - 1; i >= 0; i--) if (before.endsWith(prefixes[i].slice(-MATCH_TAIL))) return i;
      return undefined;
    };
    // A generation is stale from the next keystroke after the state it was asked for, even a keystroke
    // typed before it started (the editor had not delivered it yet).
    const staleTokens = generations.reduce((sum, g) => {
      const k = keyOf(g);
      const staleAt = k === undefined ? keyAt.find((t) => t > epoch(g.startedAt)) : keyAt[k + 1];
      if (staleAt === undefined || g.firstTokenAt === undefined) return sum;
      let n = 0;
      for (let i = 0; i < g.tokensGenerated; i++) if (epoch(g.firstTokenAt) + i * interval >= staleAt) n++;
      return sum + n;
    }, 0);
    const gaps = keyAt.slice(1).map((t, i) => t - keyAt[i]).filter((gap) => gap < 500).sort((a, b) => a - b);
    const rhythm = gaps.length ? `typed key gaps p50 ${Math.round(gaps[Math.floor(gaps.length / 2)])} p85 ${Math.round(gaps[Math.floor(gaps.length * 0.85)])} max ${Math.round(gaps.at(-1))} ms` : '';
    if (process.env.BENCH_DEBUG) {
      for (const g of generations) {
        const k = keyOf(g);
        const start = epoch(g.startedAt);
        const from = k === undefined ? 'for an unknown key' : `${Math.round(start - keyAt[k])} ms after key ${k}${trace.keys[k].pauseAfter ? ' (a pause)' : ''}`;
        const next = k === undefined || k + 1 >= keyAt.length ? 'no next key' : `next key ${Math.round(keyAt[k + 1] - start)} ms after the start`;
        const first = g.firstTokenAt === undefined ? 'no token' : `first token +${Math.round(g.firstTokenAt - g.startedAt)} ms`;
        const end = g.endedAt === undefined ? '' : `, ended +${Math.round(g.endedAt - g.startedAt)} ms`;
        say(`  generation ${g.id}: ${from}, ${next}; ${first}${end}, ${g.tokensGenerated} tokens${g.aborted ? ', closed early' : ''}`);
      }
    }
    const shown = pauses.filter((p) => p.ghostMs !== null);
    return {
      label: run.label,
      keys: trace.keys.length,
      pauses,
      shown: shown.length,
      meanGhostMs: shown.length ? Math.round(shown.reduce((s, p) => s + p.ghostMs, 0) / shown.length) : null,
      meanWholeMs: mean(pauses.filter((p) => p.wholeMs !== null).map((p) => p.wholeMs)),
      retracted: pauses.filter((p) => p.ghostMs !== null && p.wholeMs === null).length,
      blinks: pauses.filter((p) => p.blankMs > 0).map((p) => `${p.blankMs} ms/${p.blankFrames} frames`),
      generations: generations.length,
      generationsPerPause: generations.length / pauses.length,
      // Generations aborted before their first token cost Ollama the prompt only (a keystroke the server had not seen yet).
      generationsWithTokensPerPause: generations.filter((g) => g.tokensGenerated > 0).length / pauses.length,
      staleTokens,
      rhythm,
      keysSeen,
      typedOk: typedText.replace(/\u00a0/g, ' ').includes(trace.typed.split('\n').at(-1).trim()),
    };
  } finally {
    await browser?.close().catch(() => {});
    if (server) await killGroupAndWait(server.pid);
    await killMarked(MARKER_VAR, env.marker);
    removeTmp(env.tmp);
    await sim.stop();
  }
}

async function main() {
  ensureHarness();
  const source = readFileSync(join(ROOT, 'test/bench/fixtures/typed-source.py.txt'), 'utf8');
  const trace = benchTrace(source);
  say(`typing ${trace.keys.length} keys (${trace.typed.length} chars, ${PAUSES} pauses) into ${FILE}, seed ${SEED}, streaming ${STREAMING ? 'on' : 'off'}`);
  const only = option('--runs', RUNS.map((r) => r.id).join(',')).split(',');
  const results = [];
  for (const run of RUNS.filter((r) => only.includes(r.id))) {
    const result = await runOnce(run, trace);
    results.push(result);
    say(`${run.label}:`);
    for (const p of result.pauses) {
      const first = p.ghostMs === null ? 'no ghost text' : `${p.ghostMs} ms ${JSON.stringify(p.ghost)}`;
      const whole = p.ghostMs === null || p.whole === p.ghost ? '' : p.wholeMs === null ? ', then gone' : `, whole ${p.wholeMs} ms ${JSON.stringify(p.whole)}`;
      say(`  pause after key ${p.index} (${p.pauseMs} ms): ${first}${whole}`);
      if (process.env.BENCH_DEBUG) say(`    ghost text: ${p.sequence.join(' ')}`);
    }
    const target = (bound, sign) => (bound === undefined ? '' : ` (target ${sign} ${bound})`);
    const { targets } = run;
    say(`  ghost text on ${result.shown} of ${result.pauses.length} pauses${target(targets.shown, '>=')}; last key -> ghost text mean ${result.meanGhostMs ?? '–'} ms${target(targets.meanGhostMs, '<=')}`);
    const blinks = result.blinks.length ? `${result.blinks.length} (blank for ${result.blinks.join(', ')})` : '0';
    say(`  the whole completion (when the ghost text stopped changing) mean ${result.meanWholeMs ?? '–'} ms; shown, then taken back: ${result.retracted}; went blank while growing: ${blinks}`);
    say(`  generations per pause ${result.generationsPerPause.toFixed(2)}${target(targets.generationsPerPause, '<=')}, of which reached a first token ${result.generationsWithTokensPerPause.toFixed(2)}; tokens generated after going stale ${result.staleTokens}${target(targets.staleTokens, '<=')}`);
    if (result.rhythm) say(`  ${result.rhythm}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (!result.keysSeen) say('  WARNING: the page saw a different number of keys than were typed; per-pause times are suspect');
    if (!result.typedOk) say('  WARNING: the editor does not hold the typed text; the figures are suspect');
  }
  say(`load average: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
  mkdirSync(join(ROOT, '.bench'), { recursive: true });
  writeFileSync(join(ROOT, '.bench/vscode-completion.json'), JSON.stringify({ date: new Date().toISOString(), seed: SEED, results }, null, 2) + '\n');
}

main().then(() => process.exit(0), (err) => { console.error('[bench:vscode]', err); process.exit(1); });
