// Part of the chat UI run (scripts/ui-chat.mjs): what a user does with the code block of an answer
// besides Copy and Insert. Apply shows the block against the open file in a diff and changes the file
// only once the notification's Apply is pressed, as one undo step; Save opens the save dialog (code-server's
// own, a quick input) with a name that has the block's language, and writes the block to the file chosen.
/* global document */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activeTab, chatFrame, clickNotificationButton, editorText, poll } from './ui-helpers.mjs';

const ORIGINAL_FIRST_LINE = '"""Small statistics helpers."""';

/**
 * Expects stats.py open and unchanged in the active editor, and the chat's last answer holding `code`
 * (a python block). Leaves stats.py as it found it.
 */
export async function applyAndSaveFlow(page, env, { check }, code) {
  const firstCodeLine = code.split('\n')[0];
  let frame = await chatFrame(page);

  // Apply: a diff of the whole file against the block, nothing changed yet.
  await frame.locator('.turn.assistant .code-block [data-code-action="apply"]').last().click();
  const diff = page.locator('.part.editor .editor-group-container.active .monaco-diff-editor').first();
  const diffShown = await poll(async () => (await diff.isVisible()) && (await activeTab(page)).includes('chat proposal')
    && (await diff.innerText()).replace(/\u00a0/g, ' ').includes(firstCodeLine), 15_000);
  check(Boolean(diffShown), 'Apply opens a diff of the file against the code block', diffShown ? await activeTab(page)
    : `${await activeTab(page)} ${await page.evaluate(() => [...document.querySelectorAll('.part.editor .monaco-diff-editor')].map((d) => `${d.className} ${d.offsetParent !== null} ${JSON.stringify(d.innerText.slice(0, 200))}`).join(' | '))}`);
  const accepted = await clickNotificationButton(page, 'Replace the content of stats.py with the code block?', 'Apply');
  check(accepted, 'Apply asks before it changes the file (a notification with Apply)');
  const applied = await poll(async () => {
    const text = await editorText(page);
    return (await activeTab(page)).startsWith('stats.py') && text?.startsWith(code.trimEnd()) && !text.includes('def mean') && text;
  }, 10_000);
  check(Boolean(applied), 'accepting the proposal replaces the content of stats.py with the code block', `${await activeTab(page)}: ${JSON.stringify(applied || await editorText(page))}`);
  await page.keyboard.press('Escape');
  await page.locator('.part.editor .editor-group-container.active .monaco-editor').first().click({ position: { x: 200, y: 10 } }).catch(() => {});
  await page.keyboard.press('Control+Z');
  const undone = await poll(async () => {
    const text = await editorText(page);
    return text?.startsWith(ORIGINAL_FIRST_LINE) && text.includes('def mean') && !text.includes(firstCodeLine);
  }, 5000);
  check(Boolean(undone), 'one Undo brings stats.py back: Apply was one edit', JSON.stringify(await editorText(page)));

  // Save as new file: code-server's save dialog is a quick input that holds the path.
  frame = await chatFrame(page);
  await frame.locator('.turn.assistant .code-block [data-code-action="save"]').last().click();
  const pathInput = page.locator('.quick-input-widget input');
  const proposed = await poll(async () => (await pathInput.isVisible()) && (await pathInput.inputValue()), 10_000);
  check(typeof proposed === 'string' && proposed.endsWith('untitled.py'), 'Save opens a save dialog that proposes a .py name in the workspace', JSON.stringify(proposed));
  if (typeof proposed !== 'string') return;
  const target = join(env.workspace, 'squares_saved.py');
  await pathInput.fill(proposed.replace(/untitled\.py$/, 'squares_saved.py'));
  await page.keyboard.press('Enter');
  const written = await poll(() => existsSync(target) && readFileSync(target, 'utf8'), 10_000);
  check(written === code, 'the file chosen in the dialog holds the code block', JSON.stringify(written));
  const opened = await poll(async () => (await activeTab(page)).startsWith('squares_saved.py') && (await editorText(page))?.startsWith(code.trimEnd()), 10_000);
  check(Boolean(opened), 'the saved file opens in the editor', await activeTab(page));
}
