/**
 * The bundled completion server over stdio against one simulator, for a test file:
 * builds the server once, starts clients on demand, and stops them and resets the
 * simulator after each test.
 */
import { after, afterEach, before } from 'node:test';
import { OllamaSimulator, type RecordedRequest, type SimTiming } from '../../ollama-sim/simulator';
import { buildServer } from '../../bench/build-server';
import { LspClient } from '../../bench/lsp-client';
import type { CompletionServerSettings } from '../../../src/protocol/completion';

export const ROOT = 'file:///work/project';

export interface ServerHarness {
  readonly sim: () => OllamaSimulator;
  start(settings: CompletionServerSettings): Promise<LspClient>;
  generates(): RecordedRequest[];
}

export function useCompletionServer(timing: SimTiming = { ttftMs: 5, tokensPerSecond: 2000 }): ServerHarness {
  let serverPath = '';
  let sim: OllamaSimulator | undefined;
  const clients: LspClient[] = [];
  const current = (): OllamaSimulator => {
    if (!sim) throw new Error('the simulator starts in before()');
    return sim;
  };

  before(async () => {
    serverPath = await buildServer();
    sim = await OllamaSimulator.start(timing);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.stop()));
    current().reset();
    current().configure(timing);
  });
  after(async () => {
    await sim?.stop();
  });

  return {
    sim: current,
    async start(settings) {
      const client = LspClient.spawn({ serverPath, env: { ...process.env, OLLAMA_HOST: '' } });
      clients.push(client);
      await client.initialize(settings, ROOT);
      return client;
    },
    generates: () => current().requests.filter((r) => r.path === '/api/generate'),
  };
}
