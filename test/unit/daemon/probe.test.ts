/**
 * Both health probes (raw fetch, and over the shared Ollama client) must tell
 * three situations apart, because the manager acts differently on each:
 * Ollama answers (adopt), nothing listens (may start one), something else holds
 * the port (never start a second server there).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { probeWithApi } from '../../../src/core/daemon/api-probe';
import { createHttpProbe, type Probe } from '../../../src/core/daemon/probe';
import { silentLogger } from '../../../src/core/log';
import { createOllamaClient } from '../../../src/core/ollama/client';
import { resolveHost } from '../../../src/core/ollama/host';
import { OllamaSimulator } from '../../ollama-sim/simulator';

let sim: OllamaSimulator;
let notOllama: Server;
let notOllamaUrl: string;
let deadUrl: string;

before(async () => {
  sim = await OllamaSimulator.start({ version: '0.6.4' });
  notOllama = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 page not found');
  });
  await new Promise<void>((r) => notOllama.listen(0, '127.0.0.1', r));
  notOllamaUrl = `http://127.0.0.1:${(notOllama.address() as AddressInfo).port}`;
  const free = createNetServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  deadUrl = `http://127.0.0.1:${(free.address() as AddressInfo).port}`;
  await new Promise<void>((r) => free.close(() => r()));
});

after(async () => {
  await sim.stop();
  await new Promise((r) => notOllama.close(r));
});

const probes: Record<string, (url: string) => Probe> = {
  'raw fetch probe': (url) => createHttpProbe(fetch, () => url),
  'probe over the Ollama client': (url) => {
    const api = createOllamaClient({ host: resolveHost(url, undefined), logger: silentLogger });
    return probeWithApi(() => api);
  },
};

for (const [name, make] of Object.entries(probes)) {
  test(`${name}: an Ollama answers with its version`, async () => {
    assert.deepEqual(await make(sim.url)(AbortSignal.timeout(2_000)), { ok: true, version: '0.6.4' });
  });

  test(`${name}: a dead port is "nothing listening", not occupied`, async () => {
    const result = await make(deadUrl)(AbortSignal.timeout(2_000));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.occupied);
    assert.match(!result.ok ? result.reason : '', /nothing is listening/);
  });

  test(`${name}: a web server that is not Ollama holds the port`, async () => {
    const result = await make(notOllamaUrl)(AbortSignal.timeout(2_000));
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.occupied === true, JSON.stringify(result));
  });
}

test('a probe that does not answer in time reports it instead of hanging', async () => {
  sim.setFault({ kind: 'slow-headers', ms: 3_000 });
  try {
    const result = await createHttpProbe(fetch, () => sim.url)(AbortSignal.timeout(200));
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /in time/);
  } finally {
    sim.setFault(undefined);
  }
});
