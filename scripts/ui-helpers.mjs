// Helpers shared by the UI runs (ui-smoke, ui-chat, ui-actions, ui-first-run) and the chat benchmark
// (bench-chat.mjs): script the simulator, poll for what the page shows, open a file at a line, find the
// chat page inside code-server's webview iframes, open the chat view, ask a question.
/* global document, AbortSignal */
import { setTimeout as sleep } from 'node:timers/promises';

export async function simControl(simUrl, path, body) {
  const res = await fetch(`${simUrl}/__sim/${path}`, {
    method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }), signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`simulator /__sim/${path}: ${res.status} ${await res.text()}`);
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Polls `fn` until it returns a truthy value or the time is up (then returns the last value). */
export async function poll(fn, timeoutMs, everyMs = 150) {
  const until = Date.now() + timeoutMs;
  let value;
  for (;;) {
    try { value = await fn(); } catch { value = undefined; }
    if (value || Date.now() > until) return value;
    await sleep(everyMs);
  }
}

/** The chat page: the innermost frame that holds the composer. */
export async function chatFrame(page) {
  return poll(async () => {
    for (const f of page.frames()) {
      if (await f.evaluate(() => Boolean(document.querySelector('.composer'))).catch(() => false)) return f;
    }
    return undefined;
  }, 30_000, 300);
}

export async function openChat(page) {
  const icon = page.locator('.activitybar [aria-label^="Unbound"]').first();
  await icon.waitFor({ timeout: 30_000 });
  const chatHeader = page.locator('.part.sidebar .pane-header', { hasText: /\bchat\b/i }).first();
  // After a reload the workbench restores the sidebar on its own time, and clicking the icon of the
  // container already shown closes it: click, look, and click again only if the chat is not there.
  for (let i = 0; i < 4 && !(await chatHeader.isVisible().catch(() => false)); i++) {
    await icon.click();
    await poll(() => chatHeader.isVisible(), 3000, 200);
  }
  await chatHeader.waitFor({ timeout: 10_000 });
  if ((await chatHeader.getAttribute('aria-expanded')) === 'false') await chatHeader.click();
  // Collapse the models pane so the chat gets the height.
  const modelsHeader = page.locator('.part.sidebar .pane-header', { hasText: /\bmodels\b/i }).first();
  if ((await modelsHeader.getAttribute('aria-expanded').catch(() => 'false')) === 'true') await modelsHeader.click();
  return chatFrame(page);
}

export async function answers(frame) {
  return frame.evaluate(() => document.querySelectorAll('.turn.assistant:not(.streaming)').length);
}

/** Types a question and waits for its answer to finish. */
export async function ask(frame, text, { wait = true } = {}) {
  const before = await answers(frame);
  const input = frame.locator('textarea.input');
  await input.fill(text);
  await input.press('Enter');
  if (!wait) return true;
  return poll(async () => (await answers(frame)) > before, 30_000, 100);
}


/**
 * Opens Quick Open and types `text` into it. With the keyboard focus inside a webview (the chat), Ctrl+P may
 * stay in its iframe and the text land in the chat's input: wait for the widget, and give the workbench the
 * focus (a click on the editor area) before trying again.
 */
export async function quickOpen(page, text) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.keyboard.press('Control+P');
    if (await poll(() => input.isVisible(), 2000, 100)) {
      await page.keyboard.type(text);
      return;
    }
    await page.locator('.part.editor').click({ position: { x: 40, y: 40 } }).catch(() => {});
  }
  throw new Error(`Quick Open did not open to type ${JSON.stringify(text)}`);
}

/** Quick Open: opens `file`, then `:line` puts the cursor at the start of that line. */
export async function openAt(page, file, line) {
  await quickOpen(page, file);
  await sleep(800);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
  await sleep(800);
  await quickOpen(page, `:${line}`);
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(300);
}
