import type { Clock } from '../clock';
import { errorMessage } from '../error-message';

/**
 * The health probe the daemon manager runs: "does an Ollama answer at the host?".
 * `occupied` says something holds the port but it is not an Ollama server, so
 * starting one there would only fail with `bind: address already in use`.
 */
export type ProbeResult =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly reason: string; readonly occupied?: boolean };

export type Probe = (signal: AbortSignal) => Promise<ProbeResult>;

export type FetchLike = (url: string, init: { signal: AbortSignal; method?: string }) => Promise<{
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
}>;

/** Network errors that mean nobody is listening, as opposed to something listening badly. */
const nothingListening = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * `GET /api/version` (docs/reference/ollama-api.md section 2): answers on every release, and
 * its body tells Ollama apart from whatever else might hold the port.
 */
export function createHttpProbe(fetchFn: FetchLike, baseUrl: () => string): Probe {
  return async (signal) => {
    const url = `${baseUrl()}/api/version`;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await fetchFn(url, { signal });
    } catch (err) {
      if (signal.aborted) return { ok: false, reason: `no answer from ${url} in time`, occupied: false };
      const code = errorCode(err);
      if (code && nothingListening.has(code)) return { ok: false, reason: `nothing is listening at ${baseUrl()} (${code})` };
      // Connected, but what answered does not speak HTTP the way Ollama does.
      return { ok: false, reason: `${url} failed: ${errorMessage(err)}`, occupied: true };
    }
    let body: string;
    try {
      body = await response.text();
    } catch (err) {
      return { ok: false, reason: `${url} closed the connection: ${errorMessage(err)}`, occupied: true };
    }
    const version = response.ok ? parseVersion(body) : undefined;
    if (version !== undefined) return { ok: true, version };
    return {
      ok: false,
      reason: `${url} answered HTTP ${response.status} with ${JSON.stringify(body.slice(0, 80))}, which is not Ollama`,
      occupied: true,
    };
  };
}

function parseVersion(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed.version;
    }
  } catch {
    // Not JSON: not Ollama.
  }
  return undefined;
}

/** undici puts the socket error under `cause`. */
function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    if (typeof e === 'object' && e !== null) {
      if ('code' in e && typeof e.code === 'string') return e.code;
      e = 'cause' in e ? e.cause : undefined;
    } else break;
  }
  return undefined;
}


/** One probe bounded by `timeoutMs` and by `lifetime`; a probe that throws counts as no answer. */
export async function probeWithin(probe: Probe, clock: Clock, lifetime: AbortSignal, timeoutMs: number): Promise<ProbeResult> {
  if (lifetime.aborted) return { ok: false, reason: 'Unbound is shutting down' };
  const controller = new AbortController();
  const abort = () => controller.abort();
  lifetime.addEventListener('abort', abort, { once: true });
  const timer = clock.setTimeout(abort, timeoutMs);
  try {
    return await probe(controller.signal);
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  } finally {
    clock.clearTimeout(timer);
    lifetime.removeEventListener('abort', abort);
  }
}
