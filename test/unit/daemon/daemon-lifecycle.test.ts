/**
 * Lifecycle of the `ollama serve` Unbound starts, against real processes: the
 * fake binary behind a wrapper script that does not `exec` (so the pid Unbound
 * holds is not the server's), with a child "runner" process as a loaded model has.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createHttpProbe, type Probe } from '../../../src/core/daemon/probe';
import { ServerProcess } from '../../../src/core/daemon/server-process';
import { answers, cleanups, freePort, harness, isAlive, recorder, simBinary, waitFor, type Harness } from './support/harness';

const posix = process.platform !== 'win32';

/** A wrapper like a distro's or a user's launcher script: it runs ollama as a child instead of replacing itself. */
function wrapperScript(): string {
  const dir = mkdtempSync(join(tmpdir(), 'unbound-wrapper-'));
  const file = join(dir, 'ollama');
  writeFileSync(file, `#!/bin/sh\n"${simBinary}" "$@"\necho "ollama exited with $?" >&2\n`);
  chmodSync(file, 0o755);
  return file;
}

/** The pids the fake server logged: its own (`pid=` on "server config") and its runner's. */
function loggedPids(h: Harness): { server: number; runner: number } {
  const text = h.serverLog.lines.join('\n');
  const server = Number(/server config.* pid=(\d+)/.exec(text)?.[1]);
  const runner = Number(/runner_pid=(\d+)/.exec(text)?.[1]);
  assert.ok(server > 0 && runner > 0, `pids in the server log:\n${text}`);
  return { server, runner };
}

for (const how of ['stop', 'shutdown'] as const) {
  test(`${how}() ends the whole process tree Unbound started: wrapper, server and runner, and nothing is adopted after`, { skip: !posix }, async () => {
    const port = await freePort();
    const h = harness(port, { settings: { path: wrapperScript(), env: { UNBOUND_SIM_RUNNER: '1' } } });
    await h.manager.start();
    assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
    const wrapper = h.manager.childPid;
    assert.ok(wrapper !== undefined);
    const { server, runner } = await waitFor('the runner pid in the log', () => /runner_pid=/.test(h.serverLog.lines.join('\n')) && loggedPids(h));
    assert.notEqual(server, wrapper, 'the wrapper did not exec: the server is its child');
    assert.ok(isAlive(runner));

    if (how === 'stop') await h.manager.stop();
    else await h.manager.shutdown();

    // Resolved means gone: no polling here.
    assert.deepEqual(
      [wrapper, server, runner].map((pid) => isAlive(pid)),
      [false, false, false],
      'wrapper, server, runner all ended when the call resolved',
    );
    assert.equal(await answers(h.url), false, 'nothing answers on the port');
    if (how === 'stop') {
      // Today's failure: the server outlived its wrapper and was then adopted as someone else's.
      const state = await h.manager.refresh();
      assert.equal(state.kind, 'stopped', JSON.stringify(state));
    }
  });
}

test('a server that ignores SIGTERM is killed with its group after the grace period', { skip: !posix }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unbound-stubborn-'));
  const file = join(dir, 'ollama');
  // A wrapper that ignores TERM, around the real fake: the group kill still reaches the server and runner.
  writeFileSync(file, `#!/bin/sh\ntrap '' TERM\n"${simBinary}" "$@"\nsleep 30\n`);
  chmodSync(file, 0o755);
  const port = await freePort();
  const h = harness(port, { settings: { path: file, env: { UNBOUND_SIM_RUNNER: '1' } } });
  await h.manager.start();
  const wrapper = h.manager.childPid;
  assert.ok(wrapper !== undefined);
  const { server, runner } = await waitFor('the runner pid in the log', () => /runner_pid=/.test(h.serverLog.lines.join('\n')) && loggedPids(h));
  await h.manager.stop();
  assert.deepEqual([wrapper, server, runner].map((pid) => isAlive(pid)), [false, false, false]);
  assert.ok(h.log.lines.some((l) => /ignored SIGTERM/.test(l)), 'the kill is logged');
});

test('the child keeps an error listener for its whole life: a second error is logged, not thrown', async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.kill('SIGKILL'));
  const log = recorder();
  const server = new ServerProcess(child, log, 0);
  // 'error' also comes from a kill() that fails (EPERM); nothing stops it coming twice.
  child.emit('error', Object.assign(new Error('kill EPERM'), { code: 'EPERM' }));
  assert.doesNotThrow(() => child.emit('error', Object.assign(new Error('kill EPERM'), { code: 'EPERM' })));
  assert.equal(log.lines.filter((l) => /EPERM/.test(l)).length, 2);
  assert.equal(server.alive, true);
  child.kill('SIGKILL');
  await server.exited;
});

test('a host change while a start is still probing: nothing is spawned on the old address', async () => {
  const oldPort = await freePort();
  const newPort = await freePort();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  let calls = 0;
  // The first probe hangs until the test has changed the host, as a slow probe would.
  const probe: Probe = async (signal) => {
    if (++calls === 1) await gate;
    return createHttpProbe(fetch, () => h.url)(signal);
  };
  const h = harness(oldPort, { probe });
  const starting = h.manager.start();
  await waitFor('the first probe', () => calls === 1);
  h.moveTo(`127.0.0.1:${newPort}`);
  const moved = h.manager.hostChanged();
  release();
  await starting;
  await moved;
  assert.deepEqual(h.spawnedOn, [`127.0.0.1:${newPort}`], 'spawned once, on the new address');
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
  assert.equal(await answers(`http://127.0.0.1:${oldPort}`), false);
  await h.manager.stop();
});

test('a host change moves the server Unbound started: the old one is stopped, a new one serves the new address', async () => {
  const h = harness(await freePort());
  await h.manager.start();
  const first = h.manager.childPid;
  assert.ok(first !== undefined);
  const newPort = await freePort();
  h.moveTo(`127.0.0.1:${newPort}`);
  await h.manager.hostChanged();
  assert.equal(isAlive(first), false);
  assert.equal(h.spawnedOn.at(-1), `127.0.0.1:${newPort}`);
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
  await h.manager.stop();
});
