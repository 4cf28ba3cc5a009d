// The world an e2e or UI-smoke run sees: a throwaway workspace, user settings that point
// Unbound at the fake `ollama` (test/ollama-sim/bin/ollama) on a free port (never a real 11434),
// the simulator's initial models, and an environment marker that lets the runner find and end
// every process the run started, including an `ollama serve` the extension spawned itself.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROOT, freePort, makeTmp } from './vscode-harness.mjs';

export const MARKER_VAR = 'UNBOUND_E2E_RUN';
export const FAKE_OLLAMA = join(ROOT, 'test/ollama-sim/bin/ollama');
export const FIM_MODEL = 'qwen2.5-coder:1.5b-base';
export const CHAT_MODEL = 'dolphin3:8b';
export const THINKING_MODEL = 'deepseek-r1:7b';

/** What the fake `ollama serve` starts with (UNBOUND_SIM_CONFIG). */
export const SIM_CONFIG = {
  version: '0.33.0',
  ttftMs: 40,
  tokensPerSecond: 200,
  // Fast enough for a test, slow enough that progress is reported more than once.
  pullBytesPerSecond: 2_000_000_000,
  models: [
    { name: FIM_MODEL, family: 'qwen2', parameterSize: '1.5B', quantization: 'Q4_K_M', sizeBytes: 986_000_000, capabilities: ['completion', 'insert'] },
    { name: CHAT_MODEL, family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M', sizeBytes: 4_920_000_000, capabilities: ['completion', 'tools'] },
    { name: THINKING_MODEL, family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M', sizeBytes: 4_680_000_000, capabilities: ['completion', 'thinking'] },
  ],
};

/**
 * @param {string} prefix temp-dir prefix
 * @param {{ settings?: object }} [options] extra user settings (override the defaults)
 */
export async function prepareE2eEnv(prefix, options = {}) {
  const tmp = makeTmp(prefix);
  const workspace = join(tmp, 'workspace');
  cpSync(join(ROOT, 'test/e2e/fixtures/workspace'), workspace, { recursive: true });
  const simPort = await freePort();
  const simUrl = `http://127.0.0.1:${simPort}`;
  const simConfigPath = join(tmp, 'sim-config.json');
  writeFileSync(simConfigPath, JSON.stringify(SIM_CONFIG, null, 1));
  mkdirSync(join(tmp, 'results'), { recursive: true });
  const marker = randomUUID();
  const userSettings = {
    'unbound.ollama.path': FAKE_OLLAMA,
    'unbound.ollama.autoStart': 'always',
    'unbound.ollama.host': simUrl,
    'unbound.ollama.startTimeoutSeconds': 20,
    'unbound.completion.model': FIM_MODEL,
    'unbound.chat.model': CHAT_MODEL,
    'unbound.completion.debounceMs': 50,
    'unbound.completion.adaptiveDebounce': false,
    'editor.inlineSuggest.enabled': true,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.suggestOnTriggerCharacters': false,
    'editor.wordBasedSuggestions': 'off',
    ...options.settings,
  };
  // `machine`-scoped settings, also written where a remote (code-server) window reads them.
  const machineSettings = { 'unbound.ollama.path': FAKE_OLLAMA };
  const env = {
    [MARKER_VAR]: marker,
    UNBOUND_SIM_CONFIG: simConfigPath,
    // Belt and braces: anything that falls back to OLLAMA_HOST still lands on the simulator.
    OLLAMA_HOST: simUrl,
    UNBOUND_E2E_SIM_URL: simUrl,
    UNBOUND_E2E_FAKE_OLLAMA: FAKE_OLLAMA,
    UNBOUND_E2E_WORKSPACE: workspace,
    UNBOUND_E2E_RESULTS: join(tmp, 'results', 'mocha.json'),
  };
  return { tmp, workspace, simPort, simUrl, simConfigPath, marker, userSettings, machineSettings, env };
}
