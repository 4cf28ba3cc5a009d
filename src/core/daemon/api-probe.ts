import { isOllamaError } from '../ollama/errors';
import type { OllamaApi } from '../ollama/types';
import type { Probe } from './probe';
import { errorMessage } from '../error-message';

/**
 * The health probe over the shared client, so it speaks to the host exactly as
 * every other request does (base path, basic auth). Only "nothing listening"
 * leaves the port free for an `ollama serve`; any other failure means something
 * holds it.
 */
export function probeWithApi(api: () => Pick<OllamaApi, 'version'>): Probe {
  return async (signal) => {
    try {
      return { ok: true, version: await api().version(signal) };
    } catch (err) {
      if (!isOllamaError(err)) return { ok: false, reason: errorMessage(err) };
      const cause = err.cause;
      switch (cause.kind) {
        case 'not-running':
          return { ok: false, reason: `nothing is listening at ${cause.host}` };
        case 'timeout':
        case 'aborted':
          return { ok: false, reason: 'no answer in time' };
        case 'model-missing':
        case 'no-insert':
        case 'no-thinking':
        case 'remote-model':
        case 'bad-request':
        case 'forbidden':
        case 'busy':
        case 'server':
        case 'stream':
        case 'malformed':
          return { ok: false, reason: err.message, occupied: true };
        default: {
          const unexpected: never = cause;
          return { ok: false, reason: String(unexpected) };
        }
      }
    }
  };
}
