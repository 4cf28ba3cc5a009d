// Scripts the Ollama simulator that the fake `ollama serve` runs, from inside the extension host,
// through its /__sim/ HTTP control endpoints. The runner passes the URL in UNBOUND_E2E_SIM_URL.
import type { RecordedRequest, SimFault, SimModel, SimScript, SimTiming } from '../../ollama-sim/types';

export function simUrl(): string {
  const url = process.env.UNBOUND_E2E_SIM_URL;
  if (!url) throw new Error('UNBOUND_E2E_SIM_URL is not set: run the suite through scripts/run-e2e.mjs');
  return url;
}

async function control(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${simUrl()}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`simulator ${method} /__sim/${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const sim = {
  script: (script: SimScript) => control('POST', 'script', script),
  fault: (fault: SimFault | null) => control('POST', 'fault', fault ?? null),
  configure: (timing: SimTiming) => control('POST', 'configure', timing),
  addModel: (model: SimModel) => control('POST', 'models', model),
  removeModel: (name: string) => control('DELETE', 'models', { name }),
  reset: () => control('POST', 'reset', {}),
  requests: async (): Promise<RecordedRequest[]> => (await control('GET', 'requests')) as RecordedRequest[],
};
