import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportedApi, type TestAccessors, type UnboundPublicApi } from '../../../src/features/api';

const api = { activationMs: 12 } as unknown as UnboundPublicApi;
const accessors: TestAccessors = { statusBarText: () => 'Ollama 0.33.0', modelTree: async () => [], completionStatusText: () => '', completionStatusCommand: () => '', actionTimings: () => ({}),
  chat: { state: () => { throw new Error('unused'); }, ask: async () => undefined, stop: async () => undefined, viewReady: () => false, explain: async () => undefined } };

test('other extensions get the public API only; the e2e suite (test mode) also gets the UI accessors', () => {
  assert.deepEqual(Object.keys(exportedApi(false, api, accessors)).sort(), ['activationMs']);
  assert.deepEqual(Object.keys(exportedApi(true, api, accessors)).sort(), ['actionTimings', 'activationMs', 'chat', 'completionStatusCommand', 'completionStatusText', 'modelTree', 'statusBarText']);
});
