import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDaemonCause, type DaemonAction, type DaemonCause } from '../../../src/core/daemon/cause';

const host = 'http://127.0.0.1:11434';
const actions = (cause: DaemonCause): readonly DaemonAction[] => describeDaemonCause(cause).actions;

test('Start is offered only where starting can work', () => {
  const cannotStart: DaemonCause[] = [
    { kind: 'not-installed' },
    { kind: 'bad-path-setting', path: '/x/ollama', problem: 'missing' },
    { kind: 'spawn-failed', binary: '/x/ollama', code: 'EACCES' },
    { kind: 'port-busy-foreign', port: 11434, detail: 'HTTP 404' },
    { kind: 'remote-unreachable', host: 'http://10.0.0.2:11434', detail: 'ECONNREFUSED' },
    { kind: 'stopped-answering', host: 'http://10.0.0.2:11434', local: false, detail: 'ECONNREFUSED' },
  ];
  for (const cause of cannotStart) assert.ok(!actions(cause).includes('start'), `${JSON.stringify(cause)} offers no Start`);
  const canStart: DaemonCause[] = [
    { kind: 'not-running', host, detail: 'nothing is listening' },
    { kind: 'stopped-by-unbound' },
    { kind: 'stopped-answering', host, local: true, detail: 'nothing is listening' },
    { kind: 'start-timeout', host, seconds: 30, detail: 'no answer in time' },
    { kind: 'exited-early', exit: 'code 2' },
    { kind: 'crashed-too-often', times: 4, windowSeconds: 60 },
    { kind: 'start-failed', message: 'EMFILE' },
  ];
  for (const cause of canStart) assert.ok(actions(cause).includes('start'), `${JSON.stringify(cause)} offers Start`);
});

test('not installed offers Install first; a bad path setting offers the settings first', () => {
  assert.equal(actions({ kind: 'not-installed' })[0], 'install');
  assert.equal(actions({ kind: 'bad-path-setting', path: '/x', problem: 'not-executable' })[0], 'open-settings');
  assert.match(describeDaemonCause({ kind: 'bad-path-setting', path: '/x', problem: 'not-executable' }).message, /"\/x", which is not an executable/);
});

test('the server log is offered for the failures of a server Unbound ran, and not where none ran', () => {
  assert.ok(actions({ kind: 'exited-early', exit: 'code 1', lastLine: 'Error: boom' }).includes('open-server-logs'));
  assert.ok(actions({ kind: 'crashed-too-often', times: 4, windowSeconds: 60 }).includes('open-server-logs'));
  assert.ok(!actions({ kind: 'port-busy-foreign', port: 1, detail: '' }).includes('open-server-logs'));
  assert.ok(!actions({ kind: 'not-installed' }).includes('open-server-logs'));
});

test('each message names the cause with its particulars', () => {
  assert.match(describeDaemonCause({ kind: 'exited-early', exit: 'code 2', lastLine: 'Error: no GPU' }).message, /exited with code 2 before answering: Error: no GPU/);
  assert.match(describeDaemonCause({ kind: 'crashed-too-often', times: 4, windowSeconds: 60 }).message, /4 times within 60 s/);
  assert.match(describeDaemonCause({ kind: 'start-timeout', host, seconds: 7, detail: 'x' }).message, /within 7 s at http:\/\/127\.0\.0\.1:11434/);
});
