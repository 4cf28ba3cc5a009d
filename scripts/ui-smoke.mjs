#!/usr/bin/env node
// UI smoke: the real workbench DOM in headless chromium, with Unbound loaded unpacked and the
// fake `ollama` behind it. It asserts what a user sees (status bar shows the running Ollama
// version, the Models view lists the installed models, typing shows ghost text and Tab accepts
// it, a Modelfile is highlighted and its error squiggled) and saves the README screenshots to docs/screenshots/. A separate run from the mocha
// suite on purpose: after the tests end the extension host is gone (docs/vscode-e2e-pitfalls.md, trap 9).
//   --no-build   reuse dist/        --out <dir>   screenshots (default docs/screenshots; npm run test:e2e
//                                  writes them to test-results/screenshots so a test run leaves git clean)
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIM_MODEL, SIM_CONFIG } from './e2e-env.mjs';
import { openAt, poll, simControl } from './ui-helpers.mjs';
import { checks, cliOptions, runWorkbench } from './ui-run.mjs';

const { argv, out } = cliOptions();
const log = checks('ui-smoke');
const { check } = log;

const GHOST = 'urn sum(values) / len(values)';
/** The next line's answer, written after Tab took its first words (step 3b). */
const GHOST_NEXT = 'urn max(values) - min(values)';

async function smoke(page, env) {
  const statusbar = page.locator('#workbench\\.parts\\.statusbar');
  await statusbar.waitFor({ timeout: 60_000 });

  // 1) Status bar: Unbound started the fake daemon itself and shows its version.
  const version = SIM_CONFIG.version;
  const ollamaItem = page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: `Ollama ${version}` }).first();
  const running = await poll(() => ollamaItem.isVisible(), 45_000);
  const statusText = (await statusbar.innerText().catch(() => '')).replace(/\s+/g, ' ');
  check(Boolean(running), `status bar shows "Ollama ${version}"`, statusText);
  const box = await statusbar.boundingBox();
  if (box) {
    // The right half holds Unbound's items; crop so the README image is readable.
    await page.screenshot({ path: join(out, 'status-bar.png'), clip: { x: box.x + box.width / 2, y: box.y - 4, width: box.width / 2, height: box.height + 4 } });
  }

  // 1b) Clicking the item offers what can be done with a server Unbound started, and nothing that cannot.
  await ollamaItem.click();
  const picks = page.locator('.quick-input-widget .monaco-list-row');
  const offered = await poll(async () => {
    const texts = (await picks.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    return texts.some((t) => t.includes('Restart Ollama')) && texts;
  }, 10_000);
  const wanted = ['Stop Ollama', 'Restart Ollama', 'Choose Completion Model', 'Pull Model', 'Open Logs'];
  check(Boolean(offered) && wanted.every((w) => offered.some((t) => t.includes(w))) && !offered.some((t) => t.includes('Start Ollama')),
    'clicking the Ollama status item offers Stop, Restart, models and logs (not Start)', JSON.stringify(offered || []));
  await page.keyboard.press('Escape');

  // 2) Models view: open the Unbound container and find every installed simulator model.
  const icon = page.locator('.activitybar [aria-label^="Unbound"]').first();
  await icon.waitFor({ timeout: 30_000 });
  await icon.click();
  const rows = page.locator('.part.sidebar .pane-body .monaco-list-row');
  const treeText = async () => (await rows.allInnerTexts().catch(() => [])).join(' | ');
  const expected = SIM_CONFIG.models.map((m) => m.name);
  const listed = await poll(async () => {
    // Expand collapsed groups (e.g. "Installed") so their models render.
    for (const row of await page.locator('.part.sidebar .monaco-list-row[aria-expanded="false"]').all()) {
      if (/install/i.test(await row.innerText().catch(() => ''))) await row.click().catch(() => {});
    }
    const text = await treeText();
    return expected.every((m) => text.includes(m)) && text;
  }, 30_000, 500);
  check(Boolean(listed), `Models view lists ${expected.join(', ')}`, listed || await treeText());
  // For the picture: a wider sidebar (drag its sash) and the recommendations group open.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  if (sidebar) {
    const y = sidebar.y + sidebar.height / 2;
    await page.mouse.move(sidebar.x + sidebar.width + 1, y);
    await page.mouse.down();
    await page.mouse.move(560, y, { steps: 8 });
    await page.mouse.up();
  }
  await page.locator('.part.sidebar .monaco-list-row[aria-expanded="false"]', { hasText: /recommend/i }).first().click({ timeout: 2000 }).catch(() => {});
  await sleep(800);
  const wide = await page.locator('.part.sidebar').boundingBox();
  const lastRow = await rows.last().boundingBox().catch(() => null);
  let clip;
  if (wide) {
    // Crop to the activity bar, the sidebar and its rows: the empty space below says nothing.
    const iconBox = await icon.boundingBox().catch(() => null);
    const content = Math.max(lastRow ? lastRow.y + lastRow.height + 24 : 0, iconBox ? iconBox.y + iconBox.height + 12 : 0);
    const bottom = content ? Math.min(wide.y + wide.height, content) : wide.y + wide.height;
    clip = { x: 0, y: wide.y, width: wide.x + wide.width + 2, height: bottom - wide.y };
  }
  await page.screenshot({ path: join(out, 'models.png'), clip });

  // 3) Ghost text: script the simulator's reply, open stats.py, type in mean()'s empty body. The model
  //    is held after its first words: they show while it writes, and the rest replaces them.
  await simControl(env.simUrl, 'script', { match: { model: FIM_MODEL }, response: GHOST, holdAfterTokens: 3 });
  // Line 5 is the empty line after `def mean(...)`.
  await openAt(page, 'stats.py', 5);
  await page.keyboard.type('    ret', { delay: 90 });
  const ghostLocator = page.locator('.editor-instance .ghost-text-decoration, .editor-instance .ghost-text');
  // Monaco splits ghost text into several decorations; the user reads them as one.
  const ghostText = async () => (await ghostLocator.allInnerTexts()).join('').replace(/\u00a0/g, ' ');
  const early = await poll(async () => {
    const text = await ghostText();
    return text.trim() !== '' && (await simControl(env.simUrl, 'state')).held > 0 && text;
  }, 20_000, 100);
  check(Boolean(early) && GHOST.startsWith(early) && early.length < GHOST.length, 'the first words show while the model still writes', JSON.stringify(early));
  await page.screenshot({ path: join(out, 'ghost-text-streaming.png') });
  const generatesBefore = (await simControl(env.simUrl, 'requests')).filter((r) => r.path === '/api/generate').length;
  await simControl(env.simUrl, 'release', {});
  const ghost = await poll(async () => {
    const text = await ghostText();
    return text.includes('len(values)') && text;
  }, 20_000, 100);
  const generatesAfter = (await simControl(env.simUrl, 'requests')).filter((r) => r.path === '/api/generate').length;
  check(Boolean(ghost) && generatesAfter === generatesBefore, 'the finished completion replaces them, from the same generation', `${JSON.stringify(ghost || await ghostText().catch(() => ''))}, generations ${generatesBefore} -> ${generatesAfter}`);
  await sleep(300);
  await page.screenshot({ path: join(out, 'ghost-text.png') });
  await page.keyboard.press('Tab');
  const accepted = await poll(async () => {
    const text = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    return text.includes(`ret${GHOST}`) && text;
  }, 5000);
  check(Boolean(accepted), 'Tab accepts the ghost text into the editor');

  // 3b) Tab on the first words while the model still writes: the rest comes from the same generation at the next key.
  await simControl(env.simUrl, 'script', { match: { model: FIM_MODEL }, response: GHOST_NEXT, holdAfterTokens: 3 });
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('ret', { delay: 90 });
  const firstWords = await poll(async () => {
    const text = await ghostText();
    return text.trim() !== '' && (await simControl(env.simUrl, 'state')).held > 0 && text;
  }, 20_000, 100);
  check(Boolean(firstWords) && GHOST_NEXT.startsWith(firstWords), 'the first words of the next line show while the model writes', JSON.stringify(firstWords));
  await page.keyboard.press('Tab');
  const editorHas = async (text) => (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ').includes(text);
  const acceptedStart = await poll(() => editorHas(`ret${firstWords}`), 5000);
  const generations = async () => (await simControl(env.simUrl, 'requests')).filter((r) => r.path === '/api/generate');
  const before = (await generations()).length;
  await simControl(env.simUrl, 'release', {});
  const finished = await poll(async () => (await generations()).at(-1)?.endedAt !== undefined, 10_000, 100);
  await page.keyboard.type(' ');
  const rest = await poll(async () => {
    const text = await ghostText();
    // The ghost text is drawn inside the line, so the typed space is read from the cursor's column.
    const column = await page.locator('#status\\.editor\\.selection').innerText().catch(() => '');
    return column.includes(`Col ${'    ret'.length + firstWords.length + 2}`) && GHOST_NEXT.endsWith(text.trim()) && text.includes('min(values)') && text;
  }, 10_000, 100);
  await page.screenshot({ path: join(out, 'ghost-text-after-first-words.png') });
  const after = await generations();
  check(
    Boolean(acceptedStart) && Boolean(finished) && Boolean(rest) && after.length === before && after.at(-1)?.aborted === false,
    'Tab takes the first words; typing on, the rest shows from the same generation',
    `${JSON.stringify(rest || await ghostText().catch(() => ''))}, generations ${before} -> ${after.length}, last aborted: ${after.at(-1)?.aborted}`,
  );
  await page.keyboard.press('Escape');

  // 4) A Modelfile: keywords highlighted by the grammar, Ollama's error squiggled by the language server.
  await page.keyboard.press('Control+P');
  await page.keyboard.type('modelfiles/Modelfile');
  await sleep(800);
  await page.keyboard.press('Enter');
  const lines = page.locator('.editor-instance .view-lines').first();
  const tokenClass = async (text) => page.locator('.editor-instance .view-lines span > span', { hasText: new RegExp(`^${text}$`) }).first().getAttribute('class').catch(() => null);
  const keyword = await poll(async () => (await lines.innerText()).includes('temprature') && tokenClass('FROM'), 20_000);
  const plain = await tokenClass('dolphin3:8b');
  check(Boolean(keyword) && Boolean(plain) && keyword !== plain, 'Modelfile keywords are highlighted', `FROM: ${keyword}, model: ${plain}`);
  const squiggle = await poll(() => page.locator('.editor-instance .squiggly-error').count(), 20_000);
  check(Boolean(squiggle), 'Modelfile error is squiggled', `${squiggle} error decoration(s)`);
  await sleep(300);
  await page.screenshot({ path: join(out, 'modelfile.png') });

  // 5) No Unbound error toast along the way.
  const toasts = await page.locator('.notification-toast').allInnerTexts().catch(() => []);
  const unboundErrors = toasts.filter((t) => /unbound|ollama/i.test(t) && /error|failed|cannot/i.test(t));
  check(unboundErrors.length === 0, 'no Unbound error notification', JSON.stringify(unboundErrors));
}

runWorkbench({
  log, argv, out, prefix: 'unbound-ui-', settings: { 'workbench.colorTheme': 'Dark Modern', 'window.commandCenter': false },
  ranToTheEnd: 'UI smoke ran to the end', run: smoke,
}).catch((err) => { console.error('[ui-smoke]', err); process.exit(2); });
