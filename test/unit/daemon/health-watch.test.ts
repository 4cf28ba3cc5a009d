import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HealthWatch, judgeWatchProbe, watchPeriodMs, type WatchedChild } from '../../../src/core/daemon/health-watch';
import type { DaemonState } from '../../../src/core/daemon/state';
import { resolveHost } from '../../../src/core/ollama/host';
import { FakeClock } from '../completion/engine-harness';

const local = resolveHost('127.0.0.1:11434', undefined);
const remote = resolveHost('http://192.0.2.1:11434', undefined);
const timings = { watchRunningMs: 5_000, watchIdleMs: 15_000 };
const answer = { ok: true as const, version: '0.12.3' };
const silence = { ok: false as const, reason: 'nothing is listening' };
const stopped: DaemonState = { kind: 'stopped', cause: { kind: 'not-running', host: local.url, detail: 'nothing is listening' } };
const runningExternal: DaemonState = { kind: 'running', version: '0.12.3', owner: 'external' };
const ownChild: WatchedChild = { alive: true, reachedRunning: true, pid: 4242 };

test('a server started elsewhere while none ran is adopted as external', () => {
  assert.deepEqual(judgeWatchProbe(answer, stopped, undefined, local), {
    kind: 'answering',
    state: { kind: 'running', version: '0.12.3', owner: 'external' },
  });
});

test('the server Unbound started keeps being ours while it answers; one that only just spawned is not yet', () => {
  const state = (child: WatchedChild) => {
    const verdict = judgeWatchProbe(answer, runningExternal, child, local);
    return verdict.kind === 'answering' ? verdict.state.owner : verdict.kind;
  };
  assert.equal(state(ownChild), 'unbound');
  assert.equal(state({ ...ownChild, reachedRunning: false }), 'external');
  assert.equal(state({ ...ownChild, alive: false }), 'external');
});

test('a running server that stops answering is marked stopped-answering, local or remote', () => {
  assert.deepEqual(judgeWatchProbe(silence, runningExternal, undefined, local), {
    kind: 'went-away',
    state: { kind: 'stopped', cause: { kind: 'stopped-answering', host: local.url, local: true, detail: 'nothing is listening' } },
    note: `Ollama at ${local.url} stopped answering: nothing is listening`,
  });
  const away = judgeWatchProbe(silence, runningExternal, undefined, remote);
  assert.equal(away.kind === 'went-away' && away.state.cause.kind === 'stopped-answering' && away.state.cause.local, false);
});

test('our own server missing one probe while its process lives is only warned about, not marked stopped', () => {
  const verdict = judgeWatchProbe(silence, { kind: 'running', version: '0.12.3', owner: 'unbound' }, ownChild, local);
  assert.equal(verdict.kind, 'own-server-slow');
  assert.match(verdict.kind === 'own-server-slow' ? verdict.warning : '', /pid 4242.*did not answer the health probe: nothing is listening/);
});

test('no answer while nothing ran changes nothing: no second "stopped" for the same silence', () => {
  assert.deepEqual(judgeWatchProbe(silence, stopped, undefined, local), { kind: 'still-down' });
  assert.deepEqual(judgeWatchProbe(silence, { kind: 'not-installed' }, undefined, local), { kind: 'still-down' });
});

test('probes often while running, seldom while idle, and not at all while a start probes on its own', () => {
  assert.equal(watchPeriodMs(runningExternal, timings), 5_000);
  assert.equal(watchPeriodMs(stopped, timings), 15_000);
  assert.equal(watchPeriodMs({ kind: 'not-installed' }, timings), 15_000);
  assert.equal(watchPeriodMs({ kind: 'error', cause: { kind: 'start-failed', message: 'x' } }, timings), 15_000);
  assert.equal(watchPeriodMs({ kind: 'starting' }, timings), undefined);
});

test('scheduling again replaces the pending probe, and cancel() leaves none', () => {
  const clock = new FakeClock();
  let ticks = 0;
  const watch = new HealthWatch(clock, timings, () => ticks++);
  watch.scheduleFor(stopped);
  clock.advance(10_000);
  watch.scheduleFor(runningExternal); // replaces the idle probe due at 15 s
  clock.advance(5_000);
  assert.equal(ticks, 1, 'one probe, at the running period');
  clock.advance(60_000);
  assert.equal(ticks, 1, 'a tick does not reschedule itself: the manager does, after the probe');

  watch.scheduleFor(runningExternal);
  watch.scheduleFor({ kind: 'starting' });
  clock.advance(60_000);
  assert.equal(ticks, 1, 'a start under way cancels the pending probe');

  watch.scheduleFor(stopped);
  watch.cancel();
  clock.advance(60_000);
  assert.equal(ticks, 1);
});
