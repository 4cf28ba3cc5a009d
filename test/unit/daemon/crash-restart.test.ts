import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDaemonCause } from '../../../src/core/daemon/cause';
import { classifyChildExit, CrashRestart, type ExitedChild } from '../../../src/core/daemon/crash-restart';
import { FakeClock } from '../completion/engine-harness';
import { recorder } from './support/harness';

function crashRestart() {
  const clock = new FakeClock();
  const log = recorder();
  let restarts = 0;
  const crashes = new CrashRestart(clock, log, undefined, () => restarts++);
  return { clock, log, crashes, restarts: () => restarts };
}

test('a server that answered and then died is restarted once the back-off has passed, not before', () => {
  const { clock, crashes, restarts } = crashRestart();
  assert.deepEqual(crashes.crashed(), { kind: 'restart', delayMs: 1_000, attempt: 1 });
  assert.equal(crashes.pending, true, 'a restart is on its way: the health watch stands aside');
  clock.advance(999);
  assert.equal(restarts(), 0);
  clock.advance(1);
  assert.equal(restarts(), 1);
  assert.equal(crashes.pending, false);
});

test('after 3 crashes within the window it stops restarting and reports a crash-loop cause', () => {
  const { clock, log, crashes, restarts } = crashRestart();
  for (let i = 0; i < 3; i++) {
    assert.equal(crashes.crashed().kind, 'restart', `crash ${i + 1}`);
    clock.advance(5_000); // past every back-off: the restart runs, and the server dies again
  }
  assert.equal(restarts(), 3);
  const fourth = crashes.crashed();
  assert.deepEqual(fourth, { kind: 'give-up', cause: { kind: 'crashed-too-often', times: 4, windowSeconds: 60 } });
  assert.equal(crashes.pending, false);
  clock.advance(60_000);
  assert.equal(restarts(), 3, 'no fourth restart');
  assert.deepEqual(
    log.lines.filter((l) => l.startsWith('error')),
    [`error ${describeDaemonCause(fourth.kind === 'give-up' ? fourth.cause : { kind: 'start-failed', message: '' }).message}`],
    'the give-up is logged once, in the words the notice uses',
  );
  assert.match(log.lines.at(-1) ?? '', /stopped unexpectedly 4 times within 60 s/);
});

test('a start the user asked for cancels the pending restart and forgives the crash history', () => {
  const { clock, crashes, restarts } = crashRestart();
  for (let i = 0; i < 3; i++) {
    crashes.crashed();
    clock.advance(5_000);
  }
  crashes.crashed(); // gave up
  crashes.userStarted();
  assert.deepEqual(crashes.crashed(), { kind: 'restart', delayMs: 1_000, attempt: 1 });
  crashes.userStarted();
  assert.equal(crashes.pending, false);
  clock.advance(60_000);
  assert.equal(restarts(), 3, 'the restart pending when the user started it never ran');
});

test('cancel() (a stop, a host change, disposal) leaves no restart behind', () => {
  const { clock, crashes, restarts } = crashRestart();
  crashes.crashed();
  crashes.cancel();
  clock.advance(60_000);
  assert.equal(restarts(), 0);
  assert.equal(crashes.pending, false);
});

const exitedBySignal = { code: null, signal: 'SIGKILL' as const };
const bindExit = { code: 1, signal: null };
const answered: ExitedChild = { reachedRunning: true, stopRequested: false, stderr: '' };

test('only a server that had answered and died on its own counts as a crash', () => {
  const running = { current: true, disposed: false };
  assert.deepEqual(classifyChildExit(answered, exitedBySignal, running), { kind: 'crashed' });
  assert.deepEqual(classifyChildExit(answered, exitedBySignal, { current: false, disposed: false }), { kind: 'crashed' });
  assert.deepEqual(
    classifyChildExit({ ...answered, stopRequested: true }, exitedBySignal, running),
    { kind: 'expected' },
    'a stop Unbound asked for is not restarted',
  );
  assert.deepEqual(classifyChildExit(answered, exitedBySignal, { current: true, disposed: true }), { kind: 'expected' }, 'nor one at shutdown');
});

test('a server that never answered is reported by the start waiting on it, and not restarted', () => {
  const starting: ExitedChild = { reachedRunning: false, stopRequested: false, stderr: '' };
  assert.deepEqual(classifyChildExit(starting, exitedBySignal, { current: true, disposed: false }), { kind: 'start-reports' });
  assert.deepEqual(classifyChildExit(starting, exitedBySignal, { current: false, disposed: false }), { kind: 'expected' });
});

test('a server that exits with bind: after answering lost the port to another server: adopt that one, do not restart', () => {
  const lost: ExitedChild = { ...answered, stderr: 'Error: listen tcp 127.0.0.1:11434: bind: address already in use' };
  assert.deepEqual(classifyChildExit(lost, bindExit, { current: true, disposed: false }), { kind: 'lost-port-race' });
  assert.deepEqual(classifyChildExit(answered, bindExit, { current: true, disposed: false }), { kind: 'crashed' }, 'code 1 alone is a crash');
});
