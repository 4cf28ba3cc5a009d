import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DaemonState } from '../../../src/core/daemon/state';
import { lostServerAction, NoticePolicy, startupAction } from '../../../src/features/daemon/notice-policy';

const running: DaemonState = { kind: 'running', version: '0.33.0', owner: 'external' };
const stopped: DaemonState = { kind: 'stopped', cause: { kind: 'not-running', host: 'http://127.0.0.1:11434', detail: 'nothing is listening' } };
const wentAway: DaemonState = {
  kind: 'stopped',
  cause: { kind: 'stopped-answering', host: 'http://127.0.0.1:11434', local: true, detail: 'nothing is listening' },
};
const starting: DaemonState = { kind: 'starting' };
const error = (message: string): DaemonState => ({ kind: 'error', cause: { kind: 'start-failed', message } });

function notices(policy: NoticePolicy, states: readonly DaemonState[]) {
  return states.map((s) => policy.onState(s)?.kind ?? '-');
}

test('the same failure repeated shows one notification, not a stack', () => {
  const policy = new NoticePolicy();
  assert.deepEqual(notices(policy, [error('port taken'), stopped, error('port taken'), error('port taken')]), ['error', '-', '-', '-']);
});

test('getting healthy in between re-arms the notice: a new failure after recovery is told again', () => {
  const policy = new NoticePolicy();
  assert.deepEqual(notices(policy, [starting, error('gave up'), starting, running, error('gave up')]), ['-', 'error', '-', '-', 'error']);
});

test('a different failure is a different notice', () => {
  const policy = new NoticePolicy();
  assert.deepEqual(notices(policy, [error('a'), error('b')]), ['error', 'error']);
});

test('a running server that went away is told once; the stop the user asked for is not', () => {
  const policy = new NoticePolicy();
  assert.deepEqual(notices(policy, [running, wentAway, wentAway]), ['-', 'went-away', '-']);
  const mine = new NoticePolicy();
  assert.deepEqual(notices(mine, [running, { kind: 'stopped', cause: { kind: 'stopped-by-unbound' } }]), ['-', '-']);
  const fromStart = new NoticePolicy();
  assert.deepEqual(notices(fromStart, [stopped]), ['-'], 'found stopped at startup: the auto-start prompt speaks, not this');
});

test('not installed is offered once', () => {
  const policy = new NoticePolicy();
  assert.deepEqual(notices(policy, [{ kind: 'not-installed' }, stopped, { kind: 'not-installed' }]), ['not-installed', '-', '-']);
});

test('auto-start applies only to a stopped local daemon', () => {
  assert.equal(startupAction(stopped, 'ask', true), 'ask');
  assert.equal(startupAction(stopped, 'always', true), 'start');
  assert.equal(startupAction(stopped, 'never', true), 'none');
  assert.equal(startupAction(stopped, 'always', false), 'none', 'a remote host is never started');
  assert.equal(startupAction(running, 'always', true), 'none');
  assert.equal(startupAction({ kind: 'not-installed' }, 'always', true), 'none');
});

test('a local server in use that stops answering is started again only with autoStart "always" (a window reload)', () => {
  assert.equal(lostServerAction(running, wentAway, 'always'), 'start');
  assert.equal(lostServerAction(running, wentAway, 'ask'), 'none', 'the user answered at the first look: no second question');
  assert.equal(lostServerAction(running, wentAway, 'never'), 'none');
  const remoteGone: DaemonState = { kind: 'stopped', cause: { kind: 'stopped-answering', host: 'http://gpu-box:11434', local: false, detail: 'timeout' } };
  assert.equal(lostServerAction(running, remoteGone, 'always'), 'none', 'nothing to start for a remote host');
  const stoppedByUser: DaemonState = { kind: 'stopped', cause: { kind: 'stopped-by-unbound' } };
  assert.equal(lostServerAction(running, stoppedByUser, 'always'), 'none', 'Stop means stop');
  assert.equal(lostServerAction(stopped, wentAway, 'always'), 'none', 'only a server that was running');
});
