/**
 * A cloud model (its /api/show names a `remote_host`) runs elsewhere: completions
 * would send the user's code off the machine. The server uses one only when the
 * user chose it in their own settings, never because a workspace set it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionServerSettings } from '../../../src/protocol/completion';
import { ROOT, useCompletionServer } from './lsp-harness';

const CLOUD = 'qwen3-coder:480b-cloud';
const A_TS = `${ROOT}/src/a.ts`;

const server = useCompletionServer();

function settings(modelFromUserSettings: boolean | undefined): CompletionServerSettings {
  return {
    ollamaHost: server.sim().url,
    completion: {
      model: CLOUD,
      debounceMs: 0,
      adaptiveDebounce: false,
      ...(modelFromUserSettings === undefined ? {} : { modelFromUserSettings }),
    },
  };
}

const startClient = (options: CompletionServerSettings) => server.start(options);
const generates = () => server.generates();

function addCloudModel(): void {
  server.sim().addModel({ name: CLOUD, remoteHost: 'https://ollama.com:443', capabilities: ['completion', 'insert'], family: 'qwen2' });
}

describe('a cloud model for completions', () => {
  it('set by a workspace: refused, nothing is sent to it, and the status says why', async () => {
    addCloudModel();
    const client = await startClient(settings(false));
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1;'] });
    assert.deepEqual(await client.inlineCompletion(A_TS, 10, 'manual').result, []);
    assert.equal(generates().length, 0, 'no code was sent to the cloud model');
    const status = await client.waitFor(client.statuses, (s) => s.kind === 'error');
    assert.deepEqual(status.params, { kind: 'error', cause: { kind: 'remote-model', model: CLOUD, host: 'https://ollama.com:443' } });
    assert.ok(client.logs.some((l) => l.message.includes(CLOUD) && /user settings/.test(l.message)));
  });

  it('chosen in user settings: used', async () => {
    addCloudModel();
    const client = await startClient(settings(true));
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1;'] });
    const items = await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.equal(items?.[0]?.insertText, '1;');
  });

  it('the same model moved from workspace to user settings is used from the next request on', async () => {
    addCloudModel();
    const client = await startClient(settings(false));
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1;'] });
    assert.deepEqual(await client.inlineCompletion(A_TS, 10, 'manual').result, []);
    await client.changeConfiguration(settings(true));
    client.insert(A_TS, 10, ' ');
    const items = await client.inlineCompletion(A_TS, 11, 'manual').result;
    assert.equal(items?.[0]?.insertText, '1;');
  });

  it('a local model set by a workspace is used as before', async () => {
    const client = await startClient({ ...settings(false), completion: { ...settings(false).completion, model: 'qwen2.5-coder:1.5b-base' } });
    await client.open(A_TS, 'typescript', 'const a = ');
    server.sim().script({ response: ['1;'] });
    const items = await client.inlineCompletion(A_TS, 10, 'manual').result;
    assert.equal(items?.[0]?.insertText, '1;');
  });
});
