import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeDaemonCause } from '../../../src/core/daemon/cause';
import { classifyEarlyExit, type EarlyExitedChild } from '../../../src/core/daemon/serve-start';

function child(stderr: string[], spawnfile = '/usr/local/bin/ollama'): EarlyExitedChild {
  const last = [...stderr].reverse().find((l) => l.trim());
  return { stderr: stderr.join('\n'), lastErrorLine: last?.trim(), process: { spawnfile } };
}

test('an executable that cannot be run is reported by name and error code', () => {
  const early = classifyEarlyExit(child([], '/opt/ollama'), { code: null, signal: null, spawnError: 'EACCES' });
  assert.deepEqual(early, { kind: 'failed', cause: { kind: 'spawn-failed', binary: '/opt/ollama', code: 'EACCES' } });
});

test('a server that quits on a busy port leads to a second look at who holds it, not an error yet', () => {
  const early = classifyEarlyExit(child(['Error: listen tcp 127.0.0.1:11434: bind: address already in use']), { code: 1, signal: null });
  assert.deepEqual(early, { kind: 'lost-port-race' });
});

test('any other early exit says how it exited and its last stderr line', () => {
  const early = classifyEarlyExit(child(['level=INFO msg=starting', 'Error: could not create directory /root/.ollama', '']), {
    code: 1,
    signal: null,
  });
  assert.deepEqual(early, {
    kind: 'failed',
    cause: { kind: 'exited-early', exit: 'code 1', lastLine: 'Error: could not create directory /root/.ollama' },
  });
  assert.match(describeDaemonCause(early.kind === 'failed' ? early.cause : { kind: 'start-failed', message: '' }).message, /could not create directory/);
  assert.deepEqual(classifyEarlyExit(child([]), { code: null, signal: 'SIGSEGV' }), {
    kind: 'failed',
    cause: { kind: 'exited-early', exit: 'signal SIGSEGV' },
  });
});
