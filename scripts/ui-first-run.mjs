#!/usr/bin/env node
// The first ten minutes as a user sees them, notification toasts included: code-server WITHOUT the
// smoke-test driver (it hides every toast, docs/vscode-e2e-pitfalls.md trap 14), Unbound installed
// unpacked into a fresh extensions folder, a fresh profile for each first-run state:
//   no-ollama       nothing answers and no `ollama` is installed
//   no-models       Ollama runs (the simulator, started like a service) with no model pulled
//   fim-installed   a code model is installed but none is chosen for completions
//   chat-chosen     a chat model is chosen for completions
// Each state is checked (the toast's words and buttons, the status items, the Models view's first
// button) and screenshot in a dark and a light theme, as first-run-<state>-<theme>.png.
// Prints '[ui-smoke] ok <check>' / '[ui-smoke] FAIL <check>' like scripts/ui-smoke.mjs: CI counts them.
//   --no-build   reuse dist/       --out <dir>   screenshots (default docs/screenshots)
//   --only <state>                 one state (while working on it)
/* global window, document, MutationObserver */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHAT_MODEL, FAKE_OLLAMA, FIM_MODEL, MARKER_VAR, SIM_CONFIG, prepareE2eEnv } from './e2e-env.mjs';
import { poll } from './ui-helpers.mjs';
import { buildUnlessAsked, checks, cliOptions, stopAll } from './ui-run.mjs';
import {
  elapsed, freePort, installUnpacked, launchChromium, startCodeServer, waitForPort, workbenchUrl,
} from './vscode-harness.mjs';

const { argv, option, out } = cliOptions();
const log = checks('ui-smoke');
const { say, check } = log;
// Smaller than the e2e window: the README shows these pictures whole.
const VIEWPORT = { width: 1200, height: 720 };
// Valid ids in VS Code 1.139 (trap 15); an unknown id silently falls back to the default.
const THEMES = [['dark', 'Dark Modern'], ['light', 'Light Modern']];

const FIM = SIM_CONFIG.models.find((m) => m.name === FIM_MODEL);
const CHAT = SIM_CONFIG.models.find((m) => m.name === CHAT_MODEL);

/**
 * Each state: what Ollama has, what is chosen, and what a user must see. `toast` is the
 * notification Unbound shows, `buttons` all its buttons; `never` matches toasts that must not appear.
 */
const STATES = [
  {
    name: 'no-ollama',
    models: undefined,
    toastOnLoad: true,
    completionModel: '',
    toast: /^Ollama is not installed\./,
    buttons: ['Install Ollama', 'Open Logs'],
    never: /completion model|fill in the middle|Pull|Start Ollama/i,
    statusItem: 'Ollama: not installed',
    welcomeFirstButton: 'Install Ollama',
    afterwards: async (page) => {
      // The walkthrough's install step at 1400 px: no hard-coded address, and the install command whole.
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.keyboard.press('F1');
      await page.keyboard.type('Welcome: Open Walkthrough');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.keyboard.type('Get started with Unbound');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Get started with Unbound' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const frame = await poll(async () => {
        for (const f of page.frames()) if (await f.locator('pre', { hasText: 'install.sh' }).isVisible().catch(() => false)) return f;
        return undefined;
      }, 20_000);
      const fits = frame ? await frame.locator('pre', { hasText: 'install.sh' }).first().evaluate((pre) => pre.clientWidth > 0 && pre.scrollWidth <= pre.clientWidth + 1) : false;
      const text = frame ? await frame.locator('body').innerText() : '';
      check(Boolean(frame) && fits, 'no-ollama: the walkthrough shows the install command whole', frame ? '' : 'install step not found');
      check(Boolean(frame) && !text.includes('127.0.0.1:11434'), 'no-ollama: the walkthrough names no hard-coded Ollama address');
      await page.screenshot({ path: join(out, 'first-run-walkthrough.png') });
    },
  },
  {
    name: 'no-models',
    models: [],
    completionModel: '',
    toast: /^Inline completions need a code model trained to fill in the middle\. qwen2\.5-coder:1\.5b-base is a small one/,
    buttons: ['Pull It', 'Other Models…'],
    never: /not installed|Start Ollama/i,
    statusItem: 'No completion model',
  },
  {
    name: 'fim-installed',
    models: [FIM, CHAT],
    completionModel: '',
    toast: /^No model is set for inline completions\. qwen2\.5-coder:1\.5b-base is installed and can fill in the middle\./,
    buttons: ['Use It', 'Choose…'],
    never: /Pull|not installed/i,
    statusItem: 'No completion model',
  },
  {
    name: 'chat-chosen',
    models: [FIM, CHAT],
    completionModel: CHAT_MODEL,
    toast: /^dolphin3:8b is a chat model; inline completions need a code model trained to fill in the middle\. qwen2\.5-coder:1\.5b-base is installed and can\./,
    buttons: ['Use It', 'Choose…'],
    never: /Pull|not installed|is now the completion model/i,
    statusItem: CHAT_MODEL,
    afterwards: async (page) => {
      // The yellow item's click is the fix: the completion model picker, code models first.
      await page.locator('#workbench\\.parts\\.statusbar .statusbar-item', { hasText: CHAT_MODEL }).first().click();
      const picker = await poll(() => page.locator('.quick-input-widget', { hasText: 'Model for inline completions' }).isVisible(), 10_000);
      const first = (await page.locator('.quick-input-widget .monaco-list-row').first().innerText().catch(() => '')).replace(/\s+/g, ' ');
      check(Boolean(picker) && first.includes(FIM_MODEL), 'chat-chosen: clicking the yellow item opens the completion model picker, the code model first', first);
      await page.keyboard.press('Escape');
      // "Why no completion?": a rendered page with the cause once and the fix as a button; nothing to save.
      await page.keyboard.press('F1');
      await page.keyboard.type('Unbound: Why No Completion');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Why No Completion' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      const tab = await poll(() => page.locator('.tabs-container .tab', { hasText: 'Why No Completion?' }).isVisible(), 15_000);
      const frame = await poll(async () => {
        for (const f of page.frames()) if (await f.locator('p.cause').count().catch(() => 0)) return f;
        return undefined;
      }, 15_000);
      const cause = frame ? await frame.locator('p.cause').innerText() : '';
      const button = frame ? await frame.locator('a.button').innerText().catch(() => '') : '';
      const tabs = (await page.locator('.tabs-container .tab').allInnerTexts()).map((t) => t.trim());
      check(Boolean(tab) && /dolphin3:8b is a chat model/.test(cause) && button === 'Choose a Completion Model',
        'chat-chosen: "Why no completion?" opens as a page: the cause once, the fix as a button', JSON.stringify({ cause, button }));
      check(!tabs.some((t) => /Untitled/.test(t)) && !(await page.locator('.tabs-container .tab.dirty').count()), 'chat-chosen: nothing in it asks to be saved', JSON.stringify(tabs));
      await page.screenshot({ path: join(out, 'first-run-why-no-completion.png') });
    },
  },
];

/** The simulator as an Ollama someone else runs (a service): Unbound adopts it and never stops it. */
async function startOllama(tmp, models, marker) {
  const port = await freePort();
  const config = join(tmp, 'sim-first-run.json');
  writeFileSync(config, JSON.stringify({ ...SIM_CONFIG, models }, null, 1));
  const log = openSync(join(tmp, 'simulator.log'), 'w');
  const child = spawn(FAKE_OLLAMA, ['serve'], {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, OLLAMA_HOST: `127.0.0.1:${port}`, UNBOUND_SIM_CONFIG: config, [MARKER_VAR]: marker },
  });
  closeSync(log);
  await waitForPort(port, 30_000, 'the Ollama simulator');
  return { url: `http://127.0.0.1:${port}`, pid: child.pid };
}

/**
 * Every notification message the page showed, even one that hid again (an info toast hides after
 * a while): a MutationObserver installed as soon as the workbench is there.
 */
async function recordToasts(page) {
  await page.evaluate(() => {
    const seen = [];
    window.unboundToastsSeen = seen;
    const note = () => {
      for (const item of document.querySelectorAll('.notification-list-item')) {
        const message = (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim();
        const buttons = [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent ?? '').trim());
        if (message && !seen.some((s) => s.message === message)) seen.push({ message, buttons });
      }
    };
    new MutationObserver(note).observe(document.body, { childList: true, subtree: true });
    note();
  });
}

const toastsSeen = (page) => page.evaluate(() => window.unboundToastsSeen ?? []);

const toastTexts = (page) => page.locator('.notification-toast .notification-list-item').evaluateAll((items) => items.map((item) => ({
  message: (item.querySelector('.notification-list-item-message')?.textContent ?? '').trim(),
  buttons: [...item.querySelectorAll('.notification-list-item-buttons-container .monaco-button')].map((b) => (b.textContent ?? '').trim()),
})));

async function statusTexts(page) {
  return (await page.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/** Opens stats.py and types in mean()'s empty body, which asks for a completion. */
async function typeInStats(page) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type('stats.py');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'stats.py' }).first().waitFor({ timeout: 20_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ timeout: 20_000 });
  await sleep(500);
  await page.keyboard.press('Control+P');
  await page.keyboard.type(':5');
  await sleep(300);
  await page.keyboard.press('Enter');
  await sleep(300);
  await page.keyboard.type('    r', { delay: 90 });
}

/** Picks a color theme the way a user does (Preferences: Color Theme), keyboard only: the pointer keeps the toast open. */
async function setTheme(page, theme) {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Dark Modern' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.type(theme);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: new RegExp(`^\\s*${theme}`) }).first().waitFor({ timeout: 10_000 });
  await sleep(300);
  await page.keyboard.press('Enter');
}

async function runState(state) {
  const env = await prepareE2eEnv(`unbound-first-${state.name}-`);
  let server;
  let browser;
  let ollama;
  let page;
  try {
    if (state.models) ollama = await startOllama(env.tmp, state.models, env.marker);
    // Nothing of the e2e defaults: a user's fresh profile, with only the address of "their" Ollama.
    const host = ollama?.url ?? `http://127.0.0.1:${await freePort()}`;
    const userSettings = {
      'workbench.colorTheme': THEMES[0][1],
      'window.commandCenter': false,
      'unbound.ollama.host': host,
      'unbound.completion.model': state.completionModel,
      'editor.minimap.enabled': false,
      // VS Code's word suggestions are not Unbound's: out of the picture (Escape would also hide the toasts).
      'editor.quickSuggestions': { other: false, comments: false, strings: false },
      'editor.wordBasedSuggestions': 'off',
    };
    const extensionsDir = join(env.tmp, 'extensions');
    installUnpacked(extensionsDir);
    server = await startCodeServer({
      tmp: env.tmp, workspace: env.workspace, userSettings, machineSettings: {}, extensionsDir, smokeTestDriver: false,
      // No fake `ollama` on the way: the env marker (for cleanup) and the host, nothing else.
      env: { [MARKER_VAR]: env.marker, OLLAMA_HOST: host, UNBOUND_SIM_CONFIG: '' },
    });
    browser = await launchChromium(join(env.tmp, 'chrome'), VIEWPORT);
    page = browser.pages()[0] || await browser.newPage();
    page.on('pageerror', (e) => say('[pageerror]', e.message));
    await page.goto(workbenchUrl(server.port, env.workspace));
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.locator('#workbench\\.parts\\.statusbar').waitFor({ timeout: 60_000 });
    await recordToasts(page);
    say(`${state.name}: workbench loaded after ${elapsed()}`);

    // The activity-bar icon is Unbound's: the Models view, its welcome (no Ollama) or its rows.
    const icon = page.locator('.activitybar [aria-label^="Unbound"]').first();
    await icon.waitFor({ timeout: 30_000 });
    await icon.click();
    // Typing asks for a completion: that brings the model advice (and with no Ollama, must not).
    if (!state.toastOnLoad) await typeInStats(page);

    const toast = await poll(async () => (await toastTexts(page)).find((t) => state.toast.test(t.message)), 45_000);
    check(Boolean(toast), `${state.name}: the notification says what to do`, toast?.message ?? JSON.stringify(await toastsSeen(page)));
    check(Boolean(toast) && JSON.stringify(toast.buttons) === JSON.stringify(state.buttons), `${state.name}: its buttons are ${state.buttons.join(', ')}`, JSON.stringify(toast?.buttons));
    // A toast stays while the pointer is on it: long enough for both pictures.
    if (toast) await page.locator('.notification-toast', { hasText: toast.message.slice(0, 30) }).first().hover().catch(() => {});
    const status = await statusTexts(page);
    check(status.some((t) => t.includes(state.statusItem)), `${state.name}: the status bar shows "${state.statusItem}"`, JSON.stringify(status));
    check(status.some((t) => /^Ln \d+, Col \d+/.test(t)) || state.toastOnLoad, `${state.name}: Ln/Col keeps its place in the status bar`, JSON.stringify(status));
    if (state.welcomeFirstButton) {
      const first = (await page.locator('.part.sidebar .welcome-view-content .monaco-button').first().innerText().catch(() => '')).trim();
      check(first === state.welcomeFirstButton, `${state.name}: the Models view's first button is ${state.welcomeFirstButton}`, first);
    }

    for (const [label, theme] of THEMES) {
      if (theme !== THEMES[0][1]) {
        await setTheme(page, theme);
        const light = await poll(() => page.locator('.monaco-workbench.vs').count(), 15_000);
        check(Boolean(light), `${state.name}: switched to ${theme}`);
        await sleep(600);
      }
      const stillShown = await poll(async () => (await toastTexts(page)).some((t) => state.toast.test(t.message)), 5_000);
      check(Boolean(stillShown), `${state.name}: the notification shows in ${theme}`);
      await page.screenshot({ path: join(out, `first-run-${state.name}-${label}.png`) });
    }

    if (state.toastOnLoad) {
      // Then type, as a user would: a completion request without Ollama must not bring model advice.
      await page.mouse.move(600, 300);
      await typeInStats(page);
      await sleep(3_000);
    }
    const wrong = (await toastsSeen(page)).filter((t) => state.never.test(`${t.message} ${t.buttons.join(' ')}`));
    check(wrong.length === 0, `${state.name}: no notification offered what cannot work`, JSON.stringify(wrong));
    if (state.afterwards) await state.afterwards(page);
  } catch (err) {
    check(false, `${state.name}: ran to the end`, err instanceof Error ? err.message : String(err));
    await page?.screenshot({ path: join(out, `first-run-${state.name}-failed.png`) }).catch(() => {});
    if (server) say(`code-server log (tail):\n${server.readLog().slice(-1500)}`);
  } finally {
    await stopAll({ browser, pids: [server?.pid, ollama?.pid], env });
  }
}

async function main() {
  buildUnlessAsked(argv);
  mkdirSync(out, { recursive: true });
  const only = option('--only');
  for (const state of STATES.filter((s) => !only || s.name === only)) await runState(state);
  log.finish(out, 'first run: ');
}

main().catch((err) => { console.error('[ui-smoke]', err); process.exit(2); });
