#!/usr/bin/env node
// Chat UI run: the real chat view (a webview, so an iframe inside code-server's iframe) driven from
// playwright, with Unbound loaded unpacked and the fake `ollama` behind it. It asserts what a user
// sees: a streamed answer with a highlighted code block, a collapsed thinking block that expands,
// Stop mid-stream with Escape, Copy, Insert, Apply and Save of a code block (ui-chat-code-blocks.mjs), the
// conversation found again after a reload, rename, export and delete in the Conversations list
// (ui-chat-history.mjs), and every payload of the public XSS corpus inert (no canary call, no dangerous node, no
// request to attacker.example). Screenshots light and dark go to --out (default docs/screenshots).
// A separate run from the mocha suite (docs/vscode-e2e-pitfalls.md, trap 9).
//   --no-build   reuse dist/      --out <dir>   screenshots      --xss-only / --no-xss
/* global document, window, navigator */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyAndSaveFlow } from './ui-chat-code-blocks.mjs';
import { historyFlow } from './ui-chat-history.mjs';
import { ask, answers, chatFrame, editorText, openChat, poll, quickOpen, simControl } from './ui-helpers.mjs';
import { checks, cliOptions, runWorkbench } from './ui-run.mjs';
import { ROOT } from './vscode-harness.mjs';

const { argv, out } = cliOptions();
const log = checks('ui-chat');
const { say, check } = log;
const CHAT_MODEL = 'dolphin3:8b';
const THINKING_MODEL = 'deepseek-r1:7b';
const CODE_ANSWER = 'Use a list comprehension:\n\n```python\nsquares = [x * x for x in range(10)]\nprint(squares)\n```\n\nIt builds the list in one expression. See [the tutorial](https://docs.python.org/3/tutorial/datastructures.html).';

/** Through the theme picker, as a user would (the workbench ignores a settings file edited under it). */
async function setTheme(page, theme) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
  await page.keyboard.type(theme);
  await sleep(400);
  await page.keyboard.press('Enter');
  await sleep(1500);
}

async function sidebarShot(page, name) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  await page.screenshot({ path: join(out, name), ...(sidebar ? { clip: { x: 0, y: sidebar.y, width: sidebar.x + sidebar.width + 2, height: sidebar.height } } : {}) });
}

async function widenSidebar(page) {
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (!sidebar) return;
  const y = sidebar.y + sidebar.height / 2;
  await page.mouse.move(sidebar.x + sidebar.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(620, y, { steps: 8 });
  await page.mouse.up();
}

async function conversationFlow(page, env) {
  let frame = await openChat(page);
  if (!check(Boolean(frame), 'the chat view opens and its page renders')) return;
  await widenSidebar(page);
  await poll(() => frame.evaluate((m) => [...document.querySelectorAll('.model-select option')].some((o) => o.value === m), CHAT_MODEL), 15_000);

  // 1) A streamed answer with a highlighted code block.
  await simControl(env.simUrl, 'script', { match: { path: '/api/chat', promptIncludes: 'squares' }, response: CODE_ANSWER, tokensPerSecond: 80 });
  await ask(frame, 'How do I make a list of squares in Python?', { wait: false });
  const streamedPartially = await poll(() => frame.evaluate(() => {
    const t = document.querySelector('.turn.assistant.streaming .markdown');
    return t && t.textContent.length > 0 && t.textContent.length < 60;
  }), 10_000, 30);
  check(Boolean(streamedPartially), 'the answer appears while it streams');
  await poll(async () => (await answers(frame)) >= 1, 20_000);
  const code = await frame.evaluate(() => document.querySelector('.turn.assistant .code-block code.language-python')?.textContent ?? '');
  check(code.includes('squares = [x * x for x in range(10)]'), 'the code block is rendered as code', JSON.stringify(code));
  const highlighted = await frame.evaluate(() => document.querySelectorAll('.turn.assistant .code-block .hljs-keyword, .turn.assistant .code-block .hljs-built_in').length);
  check(highlighted > 0, 'the code block is highlighted');
  const stats = await frame.evaluate(() => document.querySelector('.turn.assistant .stats')?.textContent ?? '');
  check(/tokens\/s/.test(stats), 'tokens/s and time to first token shown after the answer', stats);

  // 2) Copy and Insert at cursor: open stats.py, put the cursor on line 1, click the block's buttons.
  await quickOpen(page, 'stats.py');
  await sleep(700);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
  await sleep(500);
  await page.keyboard.press('Control+Home');
  frame = await chatFrame(page);
  await frame.locator('.turn.assistant .code-block [data-code-action="copy"]').first().click();
  const copied = await poll(() => page.evaluate(() => navigator.clipboard.readText()).then((t) => t.includes('squares = [') && t), 5000);
  check(Boolean(copied), 'Copy puts the code block on the clipboard', JSON.stringify(copied || ''));
  await frame.locator('.turn.assistant .code-block [data-code-action="insert"]').first().click();
  // The cursor was on line 1: the block comes first, the file's first line right after it.
  const inserted = await poll(async () => (await editorText(page))?.startsWith(`${code}"""Small statistics helpers.`), 8000);
  check(Boolean(inserted), 'Insert puts the code block at the cursor of the editor', JSON.stringify(await editorText(page)));
  // Insert leaves the keyboard in the chat: give it to the editor for the Undo.
  await page.locator('.part.editor .editor-group-container.active .monaco-editor').first().click({ position: { x: 300, y: 10 } });
  await page.keyboard.press('Control+Z');
  const undone = await poll(async () => (await editorText(page))?.startsWith('"""Small statistics helpers.'), 5000);
  check(Boolean(undone), 'one Undo takes the inserted block out again', JSON.stringify(await editorText(page)));

  // 2b) Apply (a diff, then the file changes) and Save as a new file.
  await applyAndSaveFlow(page, env, log, code);
  frame = await chatFrame(page);

  // 3) A thinking model: the reasoning is in a collapsed block that expands.
  await frame.locator('.model-select').selectOption(THINKING_MODEL);
  await poll(() => frame.evaluate(() => !document.querySelector('.think-toggle')?.hidden), 5000);
  await simControl(env.simUrl, 'script', { match: { model: THINKING_MODEL }, thinking: ['The', ' user', ' wants', ' the', ' sum', ' of', ' squares.'], response: 'Use `sum(x * x for x in xs)`.' });
  await ask(frame, 'And the sum of squares?');
  const thinking = await frame.evaluate(() => {
    const d = [...document.querySelectorAll('details.thinking')].at(-1);
    return d ? { open: d.open, text: d.querySelector('.thinking-body')?.textContent ?? '' } : undefined;
  });
  check(thinking && !thinking.open && thinking.text.includes('sum of squares'), 'the reasoning sits in a collapsed Thinking block', JSON.stringify(thinking));
  await frame.locator('details.thinking summary').last().click();
  check(await frame.evaluate(() => [...document.querySelectorAll('details.thinking')].at(-1)?.open === true), 'the Thinking block expands on click');
  const answerText = await frame.evaluate(() => [...document.querySelectorAll('.turn.assistant .markdown')].at(-1)?.textContent ?? '');
  check(answerText.includes('sum(x * x for x in xs)') && !answerText.includes('The user wants'), 'the answer holds no reasoning', answerText);
  await sleep(400);
  await sidebarShot(page, 'chat-dark.png');

  // 4) Stop with Escape mid-stream.
  await frame.locator('.model-select').selectOption(CHAT_MODEL);
  await simControl(env.simUrl, 'script', { match: { path: '/api/chat', promptIncludes: 'long story' }, response: Array.from({ length: 800 }, (_, i) => `word${i} `), tokensPerSecond: 40 });
  await ask(frame, 'Tell me a long story', { wait: false });
  await poll(() => frame.evaluate(() => (document.querySelector('.turn.assistant.streaming .markdown')?.textContent.length ?? 0) > 10), 10_000, 50);
  await frame.locator('textarea.input').press('Escape');
  const stopped = await poll(() => frame.evaluate(() => [...document.querySelectorAll('.turn.assistant')].at(-1)?.querySelector('.stopped') !== null
    && !document.querySelector('.turn.assistant.streaming')), 5000, 50);
  check(Boolean(stopped), 'Escape stops the answer; it is marked Stopped and keeps its text');
  const requests = await simControl(env.simUrl, 'requests');
  const aborted = requests.find((r) => r.path === '/api/chat' && JSON.stringify(r.body).includes('long story'));
  check(aborted?.aborted === true && aborted.tokensGenerated < 800, 'the HTTP request was closed, so Ollama stopped generating', aborted ? `${aborted.tokensGenerated} tokens` : 'no request');

  // 5) Up edits the last message.
  const input = frame.locator('textarea.input');
  await input.fill('');
  await input.press('ArrowUp');
  check((await input.inputValue()) === 'Tell me a long story', 'Up in an empty box brings back the last message to edit');
  await input.press('Escape');
  await input.fill('');

  // 6) Light theme screenshot, then reload the window and find the conversation.
  await setTheme(page, 'Light Modern');
  frame = await chatFrame(page);
  await sidebarShot(page, 'chat-light.png');
  await page.reload();
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  frame = await openChat(page);
  const afterReload = await poll(() => frame.evaluate(() => {
    const text = document.querySelector('.messages')?.textContent ?? '';
    return text.includes('How do I make a list of squares in Python?') && text.includes('word0') && text;
  }), 20_000, 300);
  check(Boolean(afterReload), 'after a reload the conversation is there, the stopped answer included');
  await setTheme(page, 'Dark Modern');
}

/** The chat, open, with Ollama running. */
async function chatWithOllama(page, env) {
  const frame = (await chatFrame(page)) ?? (await openChat(page));
  // A window reload restarted the extension host, which stopped the `ollama serve` it owned. If the
  // new one has not started it, the chat says so: use its Start Ollama button, as a user would.
  if (!(await poll(() => simControl(env.simUrl, 'state'), 5000, 300))) {
    const start = frame.locator('.banner [data-error-action="start"]');
    const offered = await poll(() => start.isVisible(), 10_000);
    check(Boolean(offered), 'with Ollama down the chat offers Start Ollama');
    if (offered) await start.click();
    check(Boolean(await poll(() => simControl(env.simUrl, 'state'), 30_000, 300)), 'Start Ollama from the chat starts it');
  }
  return frame;
}

/** Every payload of the corpus as a streamed answer, in a fresh chat. */
async function xssFlow(page, env, context) {
  const corpus = readFileSync(join(ROOT, 'test/fixtures/xss/xss-public.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const attackerRequests = [];
  context.on('request', (r) => { if (/attacker\.example/i.test(r.url())) attackerRequests.push(r.url()); });
  const frame = await chatWithOllama(page, env);
  await frame.locator('[data-toolbar="new"]').click();
  await poll(() => frame.evaluate(() => document.querySelectorAll('.turn').length === 0), 5000);
  await frame.evaluate(() => {
    window.__canaryCalls = [];
    window.__canary = (...args) => window.__canaryCalls.push(String(args[0] ?? ''));
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const p of corpus) {
    // Streamed in small pieces, so the payload is also cut across chunks.
    const pieces = p.payload.match(/[\s\S]{1,5}/g) ?? [p.payload];
    await simControl(env.simUrl, 'script', { match: { path: '/api/chat', promptIncludes: `payload ${p.id}` }, response: pieces, tokensPerSecond: 2000, ttftMs: 1, times: 1 });
  }
  let answered = 0;
  for (const p of corpus) {
    if (await ask(frame, `payload ${p.id}`)) answered++;
  }
  check(answered === corpus.length, `all ${corpus.length} payloads were streamed into the view`, `${answered} answered`);
  // Hover and click over every rendered answer: handlers that wait for a user must not fire either.
  for (const el of await frame.locator('.turn.assistant .markdown').all()) await el.hover({ timeout: 500 }).catch(() => {});
  await sleep(1500);
  const verdict = await frame.evaluate(() => {
    const bad = [];
    const root = document.querySelector('.messages');
    const DANGEROUS = 'script, iframe, frame, object, embed, style, link, meta, base, form, input, img, svg, math, video, audio, source, template, noscript, xmp, textarea, select';
    for (const el of root.querySelectorAll(DANGEROUS)) bad.push(`<${el.tagName.toLowerCase()}>`);
    for (const el of root.querySelectorAll('*')) {
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        const value = a.value.replace(/\s/g, '').replace(/[^\x20-\x7e]/g, '').toLowerCase();
        if (name.startsWith('on') || name === 'style' || name === 'srcdoc' || name === 'formaction') bad.push(`${el.tagName}[${name}]`);
        if (/^(javascript|vbscript|data|file):/.test(value) && ['href', 'src', 'data-href', 'action', 'background', 'xlink:href'].includes(name)) bad.push(`${el.tagName}[${name}=${a.value.slice(0, 40)}]`);
      }
      if (el.tagName === 'A') {
        const href = el.getAttribute('data-href') ?? el.getAttribute('href');
        if (href && !/^(https?:\/\/|#)/i.test(href)) bad.push(`a[href=${href.slice(0, 40)}]`);
      }
    }
    return { bad, canary: window.__canaryCalls, csp: window.__cspViolations, answers: root.querySelectorAll('.turn.assistant').length };
  });
  check(verdict.canary.length === 0, 'no payload ran code (canary never called)', JSON.stringify(verdict.canary));
  check(verdict.bad.length === 0, 'no dangerous element, handler, style or URL survived in the DOM', JSON.stringify(verdict.bad.slice(0, 20)));
  check(attackerRequests.length === 0, 'no request went to attacker.example', JSON.stringify(attackerRequests));
  say(`CSP violations reported by the page (blocked, so harmless): ${verdict.csp.length}`);
  // The page clicks links only through the extension: a javascript: link, if any, has no href left.
  const linkCount = await frame.evaluate(() => document.querySelectorAll('.messages a').length);
  say(`links rendered from the corpus: ${linkCount} (all http(s) or none)`);
}

runWorkbench({
  log, argv, out, prefix: 'unbound-ui-chat-', clipboard: true,
  settings: { 'workbench.colorTheme': 'Dark Modern', 'window.commandCenter': false, 'unbound.chat.model': CHAT_MODEL },
  ranToTheEnd: 'chat UI run ran to the end', stack: true,
  onFailure: async (browser) => {
    const page = browser?.pages()[0];
    if (!page) return;
    await page.screenshot({ path: join(out, 'ui-chat-failure.png') }).catch(() => {});
    say('sidebar headers:', JSON.stringify(await page.locator('.part.sidebar .pane-header').allInnerTexts().catch(() => [])));
  },
  run: async (page, env, browser) => {
    if (!argv.includes('--xss-only')) await conversationFlow(page, env);
    if (!argv.includes('--no-xss')) await xssFlow(page, env, browser);
    if (!argv.includes('--xss-only')) {
      await chatWithOllama(page, env);
      await historyFlow(page, env, log);
    }
  },
}).catch((err) => { console.error('[ui-chat]', err); process.exit(2); });
