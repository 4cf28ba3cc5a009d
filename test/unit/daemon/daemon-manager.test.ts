/**
 * The daemon manager against real processes: the fake `ollama` executable
 * (test/ollama-sim/bin/ollama) is really spawned, probed over HTTP, killed with
 * SIGKILL and restarted. Only the environment is injected (binary path, port).
 */
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DaemonRefusal } from '../../../src/core/daemon/daemon-manager';
import { describeDaemonCause } from '../../../src/core/daemon/cause';
import type { FileProbe } from '../../../src/core/daemon/find-binary';
import { createHttpProbe, type Probe } from '../../../src/core/daemon/probe';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { answers, cleanups, errorCause, freePort, harness, isAlive, waitFor } from './support/harness';

test('start spawns ollama serve, reaches running (owner unbound) and stop() really ends the process', async () => {
  const port = await freePort();
  const h = harness(port);
  await h.manager.start();

  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
  assert.deepEqual(
    h.states.map((s) => s.kind),
    ['starting', 'running'],
  );
  assert.equal(h.spawned.length, 1);
  assert.ok(await answers(h.url), 'the started server answers');
  const ttr = h.manager.timeToRunningMs;
  assert.ok(ttr !== undefined && ttr > 0);
  assert.ok(h.log.lines.some((l) => /answered \d+ ms after start/.test(l)), 'time to running is logged');
  assert.ok(h.serverLog.lines.some((l) => /Listening on 127\.0\.0\.1:\d+/.test(l)), 'server output goes to the server log');

  const pid = h.manager.childPid;
  assert.ok(pid !== undefined && isAlive(pid));
  await h.manager.stop();
  assert.equal(isAlive(pid), false, 'the process is gone');
  assert.deepEqual(h.manager.state, { kind: 'stopped', cause: { kind: 'stopped-by-unbound' } });
  assert.equal(await answers(h.url), false);
});

test('the extra env setting reaches the spawned server, and OLLAMA_HOST is the host setting', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unbound-daemon-'));
  const config = join(dir, 'sim.json');
  writeFileSync(config, JSON.stringify({ version: '0.9.9' }));
  const port = await freePort();
  const h = harness(port, { settings: { env: { UNBOUND_SIM_CONFIG: config, OLLAMA_HOST: '127.0.0.1:1' } } });
  await h.manager.start();
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.9.9', owner: 'unbound' });
  assert.ok(h.log.lines.some((l) => l.startsWith('warn') && /OLLAMA_HOST/.test(l)));
  await h.manager.stop();
});

test('a simulator already running is adopted (external, nothing spawned) and dispose() leaves it running', async () => {
  const sim = await OllamaSimulator.start({ version: '0.12.3' });
  cleanups.push(() => sim.stop());
  const h = harness(sim.port);
  await h.manager.start();
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.12.3', owner: 'external' });
  assert.equal(h.spawned.length, 0);

  await assert.rejects(h.manager.stop(), (err: unknown) => {
    assert.ok(err instanceof DaemonRefusal);
    assert.match(err.message, /was not started by Unbound/);
    assert.match(err.message, /systemctl|app|terminal/);
    return true;
  });
  h.manager.dispose();
  assert.ok(await answers(sim.url), 'the external server still answers after dispose()');
});

test('a port held by something that is not Ollama: error naming the port, no server spawned', async () => {
  const server: Server = createHttpServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  const port = (server.address() as AddressInfo).port;
  const h = harness(port);
  await h.manager.start();
  const cause = errorCause(h.manager.state);
  assert.equal(cause.kind, 'port-busy-foreign');
  assert.equal(cause.kind === 'port-busy-foreign' ? cause.port : 0, port);
  assert.match(describeDaemonCause(cause).message, new RegExp(`Port ${port} is taken by something that is not Ollama`));
  assert.deepEqual(describeDaemonCause(cause).actions, ['open-settings', 'open-logs'], 'Start would only fail again');
  assert.equal(h.spawned.length, 0);
});

test('a probe that cannot tell the port is busy: the child exits with bind:, Unbound reports it and runs no second server', async () => {
  const listener = createNetServer((socket) => socket.destroy());
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => listener.close(r)));
  const port = (listener.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const real = createHttpProbe(fetch, () => url);
  // Some probes (a timeout, a proxy) cannot say the port is held; the bind: exit must still be caught.
  const blind: Probe = async (signal) => {
    const result = await real(signal);
    return result.ok ? result : { ok: false, reason: result.reason };
  };
  const h = harness(port, { probe: blind });
  await h.manager.start();
  const cause = errorCause(h.manager.state);
  assert.equal(cause.kind, 'port-busy-foreign');
  assert.match(describeDaemonCause(cause).message, /bind: address already in use/);
  assert.equal(h.spawned.length, 1);
  const child = h.spawned[0];
  assert.equal(child?.exitCode, 1, 'the one spawned server exited');
  assert.equal(h.manager.childPid, undefined);
});

test('killing the child with SIGKILL restarts it automatically', async () => {
  const port = await freePort();
  const h = harness(port);
  await h.manager.start();
  const first = h.manager.childPid;
  assert.ok(first !== undefined);
  process.kill(first, 'SIGKILL');
  const second = await waitFor('a new child', () => {
    const pid = h.manager.childPid;
    return pid !== undefined && pid !== first && h.manager.state.kind === 'running' ? pid : undefined;
  });
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
  assert.ok(isAlive(second));
  assert.ok(await answers(h.url));
  assert.ok(h.log.lines.some((l) => /exited unexpectedly with signal SIGKILL/.test(l)));
  await h.manager.stop();
});

test('four deaths within a minute: three restarts, then it gives up and says so', async () => {
  const port = await freePort();
  const h = harness(port);
  await h.manager.start();
  const pids: number[] = [];
  for (let i = 0; i < 4; i++) {
    const pid = await waitFor(`running child ${i + 1}`, () =>
      h.manager.state.kind === 'running' && h.manager.childPid !== undefined && !pids.includes(h.manager.childPid)
        ? h.manager.childPid
        : undefined,
    );
    pids.push(pid);
    process.kill(pid, 'SIGKILL');
  }
  const state = await waitFor('give-up', () => (h.manager.state.kind === 'error' ? h.manager.state : undefined));
  assert.deepEqual(errorCause(state), { kind: 'crashed-too-often', times: 4, windowSeconds: 60 });
  assert.match(describeDaemonCause(errorCause(state)).message, /stopped unexpectedly 4 times within 60 s; Unbound stopped restarting it/);
  await new Promise((r) => setTimeout(r, 400)); // longer than any back-off: nothing else is spawned
  assert.equal(h.spawned.length, 4, 'the first start plus three restarts');
  assert.equal(h.manager.childPid, undefined);
  assert.equal(h.states.filter((s) => s.kind === 'error').length, 1, 'one error, not a storm');
  // The user starting it again is allowed: their intent resets the history.
  await h.manager.start();
  assert.equal(h.manager.state.kind, 'running');
  await h.manager.stop();
});

test('probing a dead port: stopped (not an error) when ollama is installed, not-installed when it is not', async () => {
  const port = await freePort();
  const installed = harness(port);
  const state = await installed.manager.refresh();
  assert.equal(state.kind, 'stopped');
  const cause = state.kind === 'stopped' ? state.cause : undefined;
  assert.equal(cause?.kind, 'not-running');
  assert.match(cause?.kind === 'not-running' ? cause.detail : '', /nothing is listening/);

  const nothing: FileProbe = { exists: async () => false, isExecutable: async () => false };
  const bare = harness(port, { settings: { path: '' }, fs: nothing, deps: { env: { PATH: '/nowhere' } } });
  assert.deepEqual(await bare.manager.refresh(), { kind: 'not-installed' });
  await bare.manager.start();
  assert.deepEqual(bare.manager.state, { kind: 'not-installed' });
  assert.equal(bare.spawned.length, 0);
});

test('unbound.ollama.path naming a missing file is an error naming the path, not a silent fallback', async () => {
  const port = await freePort();
  const h = harness(port, { settings: { path: '/no/such/dir/ollama' } });
  await h.manager.start();
  const cause = errorCause(h.manager.state);
  assert.deepEqual(cause, { kind: 'bad-path-setting', path: '/no/such/dir/ollama', problem: 'missing' });
  assert.match(describeDaemonCause(cause).message, /"\/no\/such\/dir\/ollama", which does not exist/);
  assert.ok(!describeDaemonCause(cause).actions.includes('start'), 'Start cannot work until the setting is fixed');
  assert.equal(h.spawned.length, 0);
});

test('an external server that goes away is marked stopped once, without a storm of changes', async () => {
  const sim = await OllamaSimulator.start();
  const h = harness(sim.port);
  assert.equal((await h.manager.refresh()).kind, 'running');
  await sim.stop();
  await waitFor('stopped', () => h.manager.state.kind === 'stopped');
  const state = h.manager.state;
  assert.equal(state.kind === 'stopped' ? state.cause.kind : state.kind, 'stopped-answering', 'went away, not found stopped');
  await new Promise((r) => setTimeout(r, 500)); // five more watch periods
  assert.deepEqual(
    h.states.map((s) => s.kind),
    ['running', 'stopped'],
  );
  assert.equal(h.spawned.length, 0, 'an external server is not restarted by Unbound');
});

test('a server that does not answer within startTimeoutSeconds: clear error, and the process is stopped', async () => {
  const port = await freePort();
  const h = harness(port, { settings: { startTimeoutSeconds: 1, env: { UNBOUND_SIM_STARTUP_MS: '10000' } } });
  await h.manager.start();
  const cause = errorCause(h.manager.state);
  assert.equal(cause.kind, 'start-timeout');
  assert.match(describeDaemonCause(cause).message, /^Ollama did not answer within 1 s at http:\/\/127\.0\.0\.1:\d+/);
  const child = h.spawned[0];
  assert.ok(child);
  await waitFor('child exit', () => child.exitCode !== null || child.signalCode !== null, 5_000);
});

test('a remote host is only probed: start() refuses, nothing is spawned', async () => {
  const h = harness(0, {
    host: 'http://192.0.2.1:11434', // TEST-NET-1: never answers
    deps: { timings: { startPollMs: 50, watchRunningMs: 100, watchIdleMs: 100, probeTimeoutMs: 200, stopGraceMs: 2_000 } },
  });
  await assert.rejects(h.manager.start(), /Unbound starts Ollama only on this machine/);
  assert.equal(h.spawned.length, 0);
  assert.equal(h.manager.state.kind, 'stopped');
});

test('dispose() stops the server Unbound started', async () => {
  const port = await freePort();
  const h = harness(port);
  await h.manager.start();
  const pid = h.manager.childPid;
  assert.ok(pid !== undefined);
  await h.manager.shutdown();
  assert.equal(isAlive(pid), false);
});

test('restart() of the server Unbound started: a new process, running again', async () => {
  const port = await freePort();
  const h = harness(port);
  await h.manager.start();
  const first = h.manager.childPid;
  assert.ok(first !== undefined);
  await h.manager.restart();
  const second = h.manager.childPid;
  assert.ok(second !== undefined && second !== first);
  assert.equal(isAlive(first), false);
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.33.0', owner: 'unbound' });
  assert.equal(h.states.filter((s) => s.kind === 'error').length, 0);
  await h.manager.stop();
});

test('stop() while the server is still starting ends it, and the start reports no error', async () => {
  const port = await freePort();
  const h = harness(port, { settings: { env: { UNBOUND_SIM_STARTUP_MS: '3000' } } });
  const starting = h.manager.start();
  await waitFor('spawn', () => h.manager.childPid);
  const pid = h.manager.childPid;
  assert.ok(pid !== undefined);
  await h.manager.stop();
  await starting;
  assert.equal(isAlive(pid), false);
  assert.equal(h.manager.state.kind, 'stopped');
  assert.deepEqual(
    h.states.map((s) => s.kind),
    ['starting', 'stopped'],
  );
});

test('another Ollama takes the port between the probe and the spawn: the child exits with bind: and that server is adopted', async () => {
  const sim = await OllamaSimulator.start({ version: '0.20.0' });
  cleanups.push(() => sim.stop());
  const real = createHttpProbe(fetch, () => sim.url);
  let calls = 0;
  // The first probe runs "before" the other server came up: it sees nothing.
  const late: Probe = async (signal) => (++calls === 1 ? { ok: false, reason: 'nothing is listening (yet)' } : real(signal));
  const h = harness(sim.port, { probe: late });
  await h.manager.start();
  await waitFor('adopted', () => {
    const s = h.manager.state;
    return s.kind === 'running' && s.owner === 'external' && h.spawned[0]?.exitCode === 1;
  });
  assert.deepEqual(h.manager.state, { kind: 'running', version: '0.20.0', owner: 'external' });
  assert.equal(h.spawned.length, 1, 'no restart loop against the other server');
  assert.equal(h.states.filter((s) => s.kind === 'error').length, 0);
  assert.ok(await answers(sim.url));
});
