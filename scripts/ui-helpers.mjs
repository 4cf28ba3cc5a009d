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

/**
 * The text of the editor a user looks at (the active group's, not a diff), lines in order (Monaco may
 * keep its line nodes out of order), or undefined when no such editor shows.
 */
export async function editorText(page) {
  return page.evaluate(() => {
    const editor = [...document.querySelectorAll('.part.editor .editor-group-container.active .monaco-editor')]
      .find((e) => !e.closest('.monaco-diff-editor') && e.offsetParent !== null);
    if (!editor) return undefined;
    return [...editor.querySelectorAll('.view-lines .view-line')]
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((l) => l.textContent.replace(/\u00a0/g, ' '))
      .join('\n');
  });
}

/**
 * What the active tab of the active editor group is called for a screen reader: the file name with its
 * extension (the visible label may show the extension in a separate node, or none).
 */
export async function activeTab(page) {
  return page.locator('.part.editor .editor-group-container.active .tab.active').first().getAttribute('aria-label').then((t) => t ?? '', () => '');
}

/** Runs a command by its title through the command palette. */
export async function runCommand(page, title) {
  await quickOpen(page, `>${title}`);
  await poll(() => page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: title }).first().isVisible(), 5000);
  await page.keyboard.press('Enter');
}

/**
 * Clicks `button` on the notification that says `text`. The smoke-test driver keeps toasts from showing
 * (docs/vscode-e2e-pitfalls.md, trap 14), so when no toast is there, the notification center is opened:
 * the notification and its buttons are there as a user finds them. Returns false when it never appeared.
 */
export async function clickNotificationButton(page, text, button) {
  const item = page.locator('.notification-toast .notification-list-item, .notifications-center .notification-list-item', { hasText: text }).first();
  if (!(await poll(() => item.isVisible(), 2000, 100))) {
    await runCommand(page, 'Notifications: Show Notifications');
    if (!(await poll(() => item.isVisible(), 8000, 100))) return false;
  }
  await item.getByRole('button', { name: button, exact: true }).click();
  return true;
}
