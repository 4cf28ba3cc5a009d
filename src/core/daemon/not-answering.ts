import type { ResolvedHost } from '../ollama/types';
import type { StopCause } from './cause';
import type { OllamaInstall } from './find-binary';
import type { ProbeResult } from './probe';
import type { DaemonState } from './state';

/**
 * What nothing answering at the host means, as far as the probe tells: settled
 * (a remote host, a port held by something else), or stopped with this cause
 * once an installed `ollama` is found (else not installed, or a bad path).
 */
export type NotAnswering =
  | { readonly kind: 'settled'; readonly state: DaemonState }
  | { readonly kind: 'if-installed'; readonly cause: StopCause };

export function classifyNotAnswering(host: ResolvedHost, result: Extract<ProbeResult, { ok: false }>, wasRunning: boolean): NotAnswering {
  if (!host.isLoopback) {
    const cause = wasRunning ? wentAway(host, result.reason) : { kind: 'remote-unreachable' as const, host: host.url, detail: result.reason };
    return { kind: 'settled', state: { kind: 'stopped', cause } };
  }
  if (result.occupied) {
    return { kind: 'settled', state: { kind: 'error', cause: { kind: 'port-busy-foreign', port: host.port, detail: result.reason } } };
  }
  return {
    kind: 'if-installed',
    cause: wasRunning ? wentAway(host, result.reason) : { kind: 'not-running', host: host.url, detail: result.reason },
  };
}

/** A server that answered stopped answering; only a local one can be started again from here. */
export function wentAway(host: ResolvedHost, detail: string): StopCause {
  return { kind: 'stopped-answering', host: host.url, local: host.isLoopback, detail };
}

/** The state when the search found nothing to run, or undefined when it found an executable. */
export function missingInstallState(install: OllamaInstall): DaemonState | undefined {
  switch (install.kind) {
    case 'bad-setting':
      return { kind: 'error', cause: { kind: 'bad-path-setting', path: install.path, problem: install.problem } };
    case 'not-found':
      return { kind: 'not-installed' };
    case 'found':
      return undefined;
    default: {
      const unexpected: never = install;
      return unexpected;
    }
  }
}
