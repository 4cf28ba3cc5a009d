// Part of the chat UI run (scripts/ui-chat.mjs): the Conversations list. A conversation of its own is
// renamed through the input box, exported as a Markdown document, and deleted after the confirmation
// dialog; each step is checked in what the user then sees (the list, the editor, the chat).
/* global document */
import { activeTab, ask, chatFrame, editorText, poll, simControl } from './ui-helpers.mjs';

const QUESTION = 'History probe: how do I reverse a list?';
const ANSWER = 'Use `items[::-1]` for a reversed copy.';
const NEW_TITLE = 'Reversing lists, renamed';

/** Expects the chat open with Ollama running. */
export async function historyFlow(page, env, { check }) {
  let frame = await chatFrame(page);
  await frame.locator('[data-toolbar="new"]').click();
  await poll(() => frame.evaluate(() => document.querySelectorAll('.turn').length === 0), 5000);
  await simControl(env.simUrl, 'script', { match: { path: '/api/chat', promptIncludes: 'History probe' }, response: ANSWER, tokensPerSecond: 200 });
  if (!check(Boolean(await ask(frame, QUESTION)), 'a conversation for the history checks was answered')) return;

  // undefined while the list is hidden, so that an empty answer cannot pass for a list without the row.
  const rowTitles = () => frame.evaluate(() => (document.querySelector('.history[hidden]') ? undefined
    : [...document.querySelectorAll('.history .history-row .history-title')].map((t) => t.textContent)));
  const currentTitle = () => frame.evaluate(() => document.querySelector('.history:not([hidden]) .history-row.current .history-title')?.textContent);
  await frame.locator('[data-toolbar="history"]').click();
  const listed = await poll(async () => (await currentTitle()) === QUESTION, 10_000);
  check(Boolean(listed), 'the Conversations list shows the conversation, titled by its first question', JSON.stringify(await rowTitles()));
  const id = await frame.locator('.history-row.current').getAttribute('data-conversation');
  const row = frame.locator(`.history-row[data-conversation="${id}"]`);

  // Rename: the input box holds the old title; the list shows the new one.
  await row.locator('[data-history-action="rename"]').click();
  const input = page.locator('.quick-input-widget input');
  const prefilled = await poll(async () => (await input.isVisible()) && (await input.inputValue()), 10_000);
  check(prefilled === QUESTION, 'Rename asks for a title, the current one filled in', JSON.stringify(prefilled));
  await input.fill(NEW_TITLE);
  await input.press('Enter');
  const renamed = await poll(async () => (await currentTitle()) === NEW_TITLE, 10_000);
  check(Boolean(renamed), 'after Rename the list shows the new title', JSON.stringify(await rowTitles()));

  // Export: an untitled Markdown document with the title, the question and the answer.
  await row.locator('[data-history-action="export"]').click();
  const exported = await poll(async () => {
    const text = await editorText(page);
    // VS Code names an untitled document after its first line.
    return (await activeTab(page)).includes(NEW_TITLE) && text?.includes(`# ${NEW_TITLE}`) && text.includes('## You') && text.includes(QUESTION) && text.includes(ANSWER) && text;
  }, 10_000);
  check(Boolean(exported), 'Export opens an untitled document with the conversation as Markdown', `${await activeTab(page)}: ${JSON.stringify(exported || await editorText(page))}`);
  const unsaved = await page.locator('.part.editor .editor-group-container.active .tab.active').first().getAttribute('class').catch(() => '');
  check(/\bdirty\b/.test(unsaved ?? ''), 'the export is a new unsaved document, not a file written behind the user', unsaved ?? '');
  const mode = await page.locator('.statusbar-item#status\\.editor\\.mode').innerText().catch(() => '');
  check(/markdown/i.test(mode), 'the exported document is in Markdown mode', mode);

  // Delete: a modal dialog names the conversation; it leaves the list and the chat starts empty.
  frame = await chatFrame(page);
  await row.locator('[data-history-action="delete"]').click();
  const dialog = page.locator('.monaco-dialog-box');
  const asked = await poll(async () => (await dialog.isVisible()) && (await dialog.innerText()), 10_000);
  check(typeof asked === 'string' && asked.includes(`Delete the conversation "${NEW_TITLE}"?`), 'Delete asks first, naming the conversation', JSON.stringify(asked));
  // Cancel first: the conversation stays.
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  const kept = await poll(async () => !(await dialog.isVisible()) && (await row.count()) === 1, 10_000);
  check(Boolean(kept), 'Cancel in the Delete dialog keeps the conversation', JSON.stringify(await rowTitles()));
  await row.locator('[data-history-action="delete"]').click();
  await poll(() => dialog.isVisible(), 10_000);
  await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
  // By its id, so that a title changed some other way cannot pass for a deletion.
  const gone = await poll(async () => {
    const titles = await rowTitles();
    return titles && (await row.count()) === 0 && (titles.length ? titles : ['(none left)']);
  }, 10_000);
  check(Boolean(gone), 'after Delete the conversation is no longer in the list', JSON.stringify(gone || await rowTitles()));
  const emptied = await poll(() => frame.evaluate((q) => document.querySelectorAll('.turn').length === 0 && !document.querySelector('.messages')?.textContent.includes(q), QUESTION), 5000);
  check(Boolean(emptied), 'the chat that showed the deleted conversation is empty');
  await frame.locator('[data-toolbar="history"]').click();
}
