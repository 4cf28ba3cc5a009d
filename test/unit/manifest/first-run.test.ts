/**
 * What package.json offers a new user: the Models view's welcome offers only the buttons that
 * work in the daemon's state, and the walkthrough ticks a step when it happened, not on a click.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

interface Manifest {
  contributes: {
    viewsWelcome: { view: string; when?: string; contents: string }[];
    walkthroughs: { steps: { id: string; completionEvents?: string[] }[] }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as Manifest;
const welcome = (state: string) => manifest.contributes.viewsWelcome.filter((w) => w.view === 'unbound.models' && (w.when ?? '').includes(`== ${state}`));
const commands = (contents: string) => [...contents.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);

test('with Ollama not installed the Models view offers Install first and no Start', () => {
  const [notInstalled, ...more] = welcome('not-installed');
  assert.ok(notInstalled && more.length === 0);
  assert.deepEqual(commands(notInstalled.contents), ['unbound.daemon.install', 'unbound.showLogs']);
  const stopped = welcome('stopped');
  const canStart = stopped.find((w) => /&& unbound\.daemonCanStart/.test(w.when ?? ''));
  const cannot = stopped.find((w) => /&& !unbound\.daemonCanStart/.test(w.when ?? ''));
  assert.equal(commands(canStart?.contents ?? '')[0], 'unbound.daemon.start');
  assert.ok(cannot && !commands(cannot.contents).includes('unbound.daemon.start'), 'no Start where starting cannot help (remote host, bad path)');
});

test('the Pull button in the view title shows only while Ollama runs', () => {
  const pull = manifest.contributes.menus['view/title']?.find((m) => m.command === 'unbound.models.pull');
  assert.match(pull?.when ?? '', /unbound\.daemonState == running/);
});

test('the walkthrough ticks a step when it happened (Ollama found, answering, a model there, one chosen), not on a click', () => {
  const steps = manifest.contributes.walkthroughs[0]!.steps;
  assert.deepEqual(steps.find((s) => s.id === 'install')?.completionEvents, ['onContext:unbound.ollamaFound']);
  assert.deepEqual(steps.find((s) => s.id === 'start')?.completionEvents, ['onContext:unbound.ollamaRunning']);
  assert.deepEqual(steps.find((s) => s.id === 'pull')?.completionEvents, ['onContext:unbound.modelsInstalled']);
  assert.deepEqual(steps.find((s) => s.id === 'choose')?.completionEvents, ['onSettingChanged:unbound.completion.model']);
});
