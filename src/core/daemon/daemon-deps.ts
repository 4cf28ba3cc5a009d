import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { ResolvedHost } from '../ollama/types';
import type { OllamaSettings } from '../settings';
import type { FileProbe, Platform } from './find-binary';
import type { Probe } from './probe';
import type { ProcessTree } from './process-tree';
import type { RestartPolicyOptions } from './restart-policy';
import type { Spawner } from './server-process';

/** What the daemon manager is given: the environment it runs in, and how often it looks. */
export interface DaemonTimings {
  /** Health watch period while running. */
  readonly watchRunningMs: number;
  /** Health watch period while stopped / not installed / failed: notices a server started elsewhere. */
  readonly watchIdleMs: number;
  /** Poll period while waiting for a started server to answer. */
  readonly startPollMs: number;
  /** One probe may take this long before it counts as no answer. */
  readonly probeTimeoutMs: number;
  /** SIGTERM, then SIGKILL after this long. */
  readonly stopGraceMs: number;
  /** The same on shutdown, shorter: VS Code waits about 5 s for deactivate() in all. */
  readonly shutdownGraceMs: number;
}

export const defaultDaemonTimings: DaemonTimings = {
  watchRunningMs: 5_000,
  watchIdleMs: 15_000,
  startPollMs: 250,
  probeTimeoutMs: 2_000,
  stopGraceMs: 5_000,
  shutdownGraceMs: 3_000,
};

export interface DaemonManagerDeps {
  /** Read on every use: the host and settings can change while the manager lives. */
  readonly host: () => ResolvedHost;
  readonly settings: () => OllamaSettings;
  readonly probe: Probe;
  readonly spawner: Spawner;
  /** Signals and liveness of the server's process group. */
  readonly processes: ProcessTree;
  readonly fs: FileProbe;
  /** The extension host's environment: PATH for the search, the base of the child's environment. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: Platform;
  readonly clock: Clock;
  /** The "Unbound" log: what the manager decides and why. */
  readonly log: Logger;
  /** The "Unbound: Ollama" log: the server's own output. */
  readonly serverLog: Logger;
  readonly timings?: Partial<DaemonTimings>;
  readonly restartPolicy?: RestartPolicyOptions;
  /** Launch the desktop app instead of `ollama serve` when it is installed (default true). */
  readonly preferDesktopApp?: boolean;
}

/**
 * A refusal the user should read (stop an external server, start on a remote
 * host). Failures to start are not thrown: they become the `error` state, so the
 * UI reports them once, from one place.
 */
export class DaemonRefusal extends Error {
  override readonly name = 'DaemonRefusal';
}
