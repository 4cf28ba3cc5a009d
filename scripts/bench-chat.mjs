#!/usr/bin/env node
// Chat benchmark (`npm run bench:chat`): a 20,000-token answer with code blocks, streamed by the
// simulator at 1,000 tokens/s into the real chat view (code-server + headless Chromium), measured by
// the view's own probe (src/webview/view/probe.ts). Prints figures; it does not pass or fail on speed.
//   lag from a delta's arrival in the view to the end of the frame that rendered it (p50, p99)
//   main-thread share spent in the view's handlers and frames while streaming
//   render cost per token over the last 1,000 tokens divided by the first 1,000
//   JS heap of the view after the stream
//   --tokens N (default 20000)   --tps N (default 1000)   --no-build
/* global document, window */
import { chatFrame, openChat, poll, simControl } from './ui-helpers.mjs';
import { buildUnlessAsked, cliOptions, withWorkbench } from './ui-run.mjs';

const { argv, option } = cliOptions();
const TOKENS = Number(option('--tokens', 20_000));
const TPS = Number(option('--tps', 1000));
const say = (...parts) => console.log('[bench] chat', ...parts);

/** A long answer the way models write them: prose, code blocks, lists; word-ish tokens. */
function answerTokens(count) {
  const prose = 'The function reads the file line by line and keeps a running total so that memory stays flat even for large inputs. '.split(/(?= )/);
  const code = ['```python\n', 'def', ' total', '(path', '):\n', '    s', ' =', ' 0\n', '    with', ' open', '(path', ')', ' as', ' f', ':\n',
    '        for', ' line', ' in', ' f', ':\n', '            s', ' +=', ' int', '(line', ')\n', '    return', ' s\n', '```\n\n'];
  const list = ['- first', ' item', ' here\n', '- second', ' item', ' with', ' `code`\n', '- third', ' item\n\n'];
  const out = [];
  for (let round = 0; out.length < count; round++) {
    out.push(`## Part ${round}\n\n`);
    for (let i = 0; i < 3; i++) out.push(...prose);
    out.push('\n\n', ...code, ...list);
    for (let i = 0; i < 2; i++) out.push(...prose);
    out.push('\n\n');
  }
  return out.slice(0, count);
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function main() {
  buildUnlessAsked(argv, ['--production']);
  const settings = { 'unbound.chat.model': 'dolphin3:8b', 'window.commandCenter': false };
  await withWorkbench({ prefix: 'unbound-bench-chat-', settings }, async ({ page, env }) => {
    await openChat(page);
    const frame = await chatFrame(page);
    if (!frame) throw new Error('chat view did not open');
    await poll(() => simControl(env.simUrl, 'state'), 30_000, 300);
    const tokens = answerTokens(TOKENS);
    await simControl(env.simUrl, 'script', { match: { path: '/api/chat', promptIncludes: 'bench' }, response: tokens, tokensPerSecond: TPS, ttftMs: 5 });
    await frame.evaluate(() => window.unboundChatProbe.reset());
    const started = Date.now();
    const input = frame.locator('textarea.input');
    await input.fill('bench: write a long answer');
    await input.press('Enter');
    const ended = await poll(() => frame.evaluate(() => window.unboundChatProbe.ends > 0 && !document.querySelector('.turn.assistant.streaming')), 600_000, 250);
    if (!ended) throw new Error('the stream did not end');
    const wallMs = Date.now() - started;
    const r = await frame.evaluate(() => {
      const p = window.unboundChatProbe;
      const mem = performance.memory;
      return { lags: p.lags, frames: p.frames, renderMs: p.renderMs, handlerMs: p.handlerMs, deltas: p.deltas, chars: p.chars, heap: mem ? mem.usedJSHeapSize : null,
        nodes: document.querySelectorAll('.messages *').length };
    });
    const lags = [...r.lags].sort((a, b) => a - b);
    const window1k = (from, to) => {
      let ms = 0;
      let n = 0;
      for (const [soFar, frameMs, inFrame] of r.frames) if (soFar > from && soFar <= to) { ms += frameMs; n += inFrame; }
      return n ? ms / n : NaN;
    };
    const first = window1k(0, 1000);
    const last = window1k(r.deltas - 1000, r.deltas);
    const streamMs = wallMs;
    say(`${TOKENS} tokens scripted at ${TPS}/s; ${r.deltas} deltas (${r.chars} chars) arrived in ${(streamMs / 1000).toFixed(1)} s (${(r.deltas / (streamMs / 1000)).toFixed(0)} deltas/s), ${r.frames.length} frames`);
    say(`paint lag (arrival -> end of rendering frame): p50 ${pct(lags, 50).toFixed(1)} ms, p99 ${pct(lags, 99).toFixed(1)} ms (target p99 <= 50 ms)`);
    say(`main-thread share in the view's handlers + frames while streaming: ${(((r.renderMs + r.handlerMs) / streamMs) * 100).toFixed(1)}% (render ${r.renderMs.toFixed(0)} ms, handlers ${r.handlerMs.toFixed(0)} ms; target <= 30%)`);
    say(`render cost per token: first 1,000 ${(first * 1000).toFixed(1)} us, last 1,000 ${(last * 1000).toFixed(1)} us, ratio ${(last / first).toFixed(2)} (target <= 1.5)`);
    const slice = Math.max(1000, Math.floor(r.deltas / 10));
    const curve = [];
    for (let from = 0; from < r.deltas; from += slice) curve.push((window1k(from, from + slice) * 1000).toFixed(0));
    say(`render cost per token by slice of ${slice} tokens (us): ${curve.join(' ')}`);
    say(`view heap after the stream: ${r.heap === null ? 'n/a' : `${(r.heap / 1048576).toFixed(1)} MB`}; DOM nodes in the conversation: ${r.nodes}`);
  });
}

main().catch((err) => { console.error('[bench] chat failed:', err); process.exit(1); });
