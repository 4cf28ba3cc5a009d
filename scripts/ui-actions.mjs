#!/usr/bin/env node
// UI script for the code actions, in the style of ui-smoke.mjs: the real workbench in headless
// chromium with Unbound loaded unpacked and the fake `ollama` behind it. It selects a method in
// shapes.py, opens the editor's context menu, runs Unbound > Refactor… against the simulator's
// scripted rewrite, checks the diff editor with its Accept/Reject buttons, accepts, and saves the
// README screenshots (actions-menu.png, actions-diff.png).
//   --no-build   reuse dist/        --out <dir>   screenshots (default docs/screenshots)
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHAT_MODEL, SIM_CONFIG } from './e2e-env.mjs';
import { openAt, poll, simControl } from './ui-helpers.mjs';
import { checks, cliOptions, runWorkbench } from './ui-run.mjs';

const { argv, out } = cliOptions();
const log = checks('ui-actions');
const { check } = log;

const REWRITE = [
  'Here is a clearer version:',
  '',
  '```python',
  'def area(self):',
  '    """Area of the circle."""',
  '    return math.pi * self.r ** 2',
  '```',
].join('\n');

async function run(page, env) {
  const statusbar = page.locator('#workbench\\.parts\\.statusbar');
  await statusbar.waitFor({ timeout: 60_000 });
  const running = await poll(() => page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: `Ollama ${SIM_CONFIG.version}` }).first().isVisible(), 45_000);
  check(Boolean(running), 'Ollama runs');
  await simControl(env.simUrl, 'script', { match: { model: CHAT_MODEL, path: '/api/chat' }, response: REWRITE, tokensPerSecond: 60 });

  // Open shapes.py and select the area() method (lines 9-11).
  await openAt(page, 'shapes.py', 9);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await sleep(300);

  // The editor's context menu, the Unbound submenu open.
  const selected = page.locator('.editor-instance .view-line', { hasText: 'def area' }).first();
  await selected.click({ button: 'right' });
  const unboundItem = page.locator('.monaco-menu .action-label', { hasText: /^Unbound$/ }).first();
  const menuShown = await poll(() => unboundItem.isVisible(), 10_000);
  check(Boolean(menuShown), 'the editor context menu has an Unbound submenu');
  await unboundItem.hover();
  // The submenu's DOM sits inside the Unbound item, so match the label itself.
  const refactorItem = page.locator('.monaco-menu .action-label', { hasText: /^Refactor…$/ }).first();
  const submenu = await poll(() => refactorItem.isVisible(), 5_000);
  const items = (await page.locator('.monaco-menu .action-label').allInnerTexts().catch(() => [])).map((t) => t.trim()).filter(Boolean);
  check(Boolean(submenu) && ['Explain Code', 'Refactor…', 'Fix Problems', 'Add Documentation', 'Edit with Instruction…', 'Write Tests'].every((w) => items.includes(w)),
    'the submenu lists the six actions', JSON.stringify(items));
  await sleep(300);
  await page.screenshot({ path: join(out, 'actions-menu.png') });
  await refactorItem.click();

  // Refactor asks for an optional instruction: Enter for a general clean-up.
  const input = page.locator('.quick-input-widget input');
  await poll(() => input.isVisible(), 5_000);
  await page.keyboard.press('Enter');

  const diff = page.locator('.monaco-diff-editor').first();
  const diffShown = await poll(async () => (await diff.isVisible()) && (await diff.innerText()).includes('math.pi'), 30_000, 250);
  check(Boolean(diffShown), 'the proposal opens as a diff with the rewrite');
  const accept = page.locator('.editor-actions .action-label[aria-label^="Accept Proposal"]').first();
  const reject = page.locator('.editor-actions .action-label[aria-label^="Reject Proposal"]').first();
  check(Boolean(await poll(() => accept.isVisible(), 5_000)) && (await reject.isVisible()), 'Accept and Reject are in the editor title');
  await sleep(1200); // the progress notification fades
  await page.screenshot({ path: join(out, 'actions-diff.png') });

  await accept.click();
  const applied = await poll(async () => {
    const text = (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    return (await diff.isVisible().catch(() => false)) === false && text.includes('return math.pi * self.r ** 2') && text;
  }, 10_000, 250);
  check(Boolean(applied), 'Accept applies the rewrite to shapes.py and closes the diff');
}

runWorkbench({
  log, argv, out, prefix: 'unbound-ui-actions-', settings: { 'workbench.colorTheme': 'Dark Modern', 'window.commandCenter': false },
  ranToTheEnd: 'the UI script ran to the end', run,
}).catch((err) => { console.error('[ui-actions]', err); process.exit(2); });
