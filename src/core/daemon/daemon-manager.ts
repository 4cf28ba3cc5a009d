import type { Clock } from '../clock';
import { Emitter, type Disposable, type Event } from '../events';
import type { Logger } from '../log';
import type { ResolvedHost } from '../ollama/types';
import type { OllamaSettings } from '../settings';
import { findOllama, type DesktopApp, type FileProbe, type OllamaInstall, type Platform } from './find-binary';
import type { Probe, ProbeResult } from './probe';
import { RestartPolicy, type RestartPolicyOptions } from './restart-policy';
import { ServerProcess, type ExitInfo, type Spawner } from './server-process';
import type { DaemonOwner, DaemonState } from './state';
import { describeDaemonCause, type StopCause } from './cause';
import { assertNever } from '../assert-never';

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
}

export const defaultDaemonTimings: DaemonTimings = {
  watchRunningMs: 5_000,
  watchIdleMs: 15_000,
  startPollMs: 250,
  probeTimeoutMs: 2_000,
  stopGraceMs: 5_000,
};

export interface DaemonManagerDeps {
  /** Read on every use: the host and settings can change while the manager lives. */
  readonly host: () => ResolvedHost;
  readonly settings: () => OllamaSettings;
  readonly probe: Probe;
  readonly spawner: Spawner;
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

const defaultServeValue = '127.0.0.1:11434';

/**
 * Finds, probes, starts, adopts, watches and stops the Ollama daemon.
 * Only a process Unbound spawned is ever stopped or restarted by it.
 */
export class DaemonManager implements Disposable {
  private current: DaemonState = { kind: 'unknown' };
  private readonly changed = new Emitter<DaemonState>();
  readonly onDidChangeState: Event<DaemonState> = this.changed.event;

  private readonly timings: DaemonTimings;
  private readonly policy: RestartPolicy;
  /** Aborts every probe in flight when the manager is disposed. */
  private readonly lifetime = new AbortController();
  private child: ServerProcess | undefined;
  private startOp: Promise<void> | undefined;
  private watchTimer: unknown;
  private restartTimer: unknown;
  private lastInstall: OllamaInstall | undefined;
  private lastTimeToRunningMs: number | undefined;
  private spawnedOnce = false;
  /** Bumped by every start, stop and exit: a probe begun before it must not overwrite what it decided. */
  private epoch = 0;
  private disposed = false;

  constructor(private readonly deps: DaemonManagerDeps) {
    this.timings = { ...defaultDaemonTimings, ...deps.timings };
    this.policy = new RestartPolicy(deps.clock, deps.restartPolicy);
  }

  get state(): DaemonState {
    return this.current;
  }

  /** What the last search found, for messages (desktop app, systemd unit, searched paths). */
  get installation(): OllamaInstall | undefined {
    return this.lastInstall;
  }

  /** The pid of the `ollama serve` Unbound started, while it runs. */
  get childPid(): number | undefined {
    return this.child?.alive ? this.child.pid : undefined;
  }

  /** Milliseconds from spawn to the first successful probe, for the last start. */
  get timeToRunningMs(): number | undefined {
    return this.lastTimeToRunningMs;
  }

  /** Whether Unbound ran `ollama serve` in this session, i.e. whether the server log has anything to show. */
  get hasSpawned(): boolean {
    return this.spawnedOnce;
  }

  /** Probes once and settles the state; does not start anything. */
  async refresh(): Promise<DaemonState> {
    if (this.disposed) return this.current;
    if (this.startOp || this.restartTimer !== undefined) {
      await this.startOp?.catch(() => undefined);
      return this.current;
    }
    const epoch = this.epoch;
    const result = await this.probeOnce();
    if (epoch !== this.epoch || this.disposed) return this.current;
    if (result.ok) {
      this.setState({ kind: 'running', version: result.version, owner: this.ownerOfAnswer() });
    } else {
      await this.settleNotAnswering(result);
    }
    this.scheduleWatch();
    return this.current;
  }

  /**
   * Makes an Ollama answer at the host: adopts one that already does, else
   * launches the desktop app or spawns `ollama serve`. Resolves when settled;
   * failures show as the `error` state. Rejects with DaemonRefusal for a remote host.
   */
  start(): Promise<void> {
    if (this.disposed) return Promise.reject(new DaemonRefusal('Unbound is shutting down.'));
    if (this.startOp) return this.startOp;
    // A start the user asked for beats the crash history and any pending automatic restart.
    this.policy.reset();
    this.cancelRestartTimer();
    return this.runStart();
  }

  /** Stops the server Unbound started. Rejects with DaemonRefusal (and how to stop it) for any other server. */
  async stop(): Promise<void> {
    this.cancelRestartTimer();
    if (this.startOp && !this.child?.alive) {
      // A start still probing or searching: make it stand down before it spawns anything.
      this.epoch++;
      await this.startOp.catch(() => undefined);
    }
    const child = this.child;
    if (!child?.alive) {
      const state = await this.refresh();
      if (state.kind === 'running') throw new DaemonRefusal(await this.externalStopAdvice('stop'));
      return;
    }
    this.epoch++;
    child.stopRequested = true;
    this.deps.log.info(`Stopping ollama serve (pid ${child.pid ?? '?'}) that Unbound started.`);
    await this.terminate(child);
    if (this.child === child) this.child = undefined;
    this.setState({ kind: 'stopped', cause: { kind: 'stopped-by-unbound' } });
    this.scheduleWatch();
  }

  async restart(): Promise<void> {
    if (!this.child?.alive) {
      const state = await this.refresh();
      if (state.kind === 'running') throw new DaemonRefusal(await this.externalStopAdvice('restart'));
      return this.start();
    }
    await this.stop();
    await this.start();
  }

  /** Stops the child Unbound started (never an external server) and clears every timer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epoch++;
    this.cancelRestartTimer();
    this.cancelWatch();
    this.lifetime.abort();
    const child = this.child;
    if (child?.alive) {
      child.stopRequested = true;
      this.deps.log.info(`Stopping ollama serve (pid ${child.pid ?? '?'}) that Unbound started.`);
      void this.terminate(child);
    }
    this.changed.dispose();
  }

  /** dispose(), then wait until the child is really gone (for deactivate()). */
  async shutdown(): Promise<void> {
    const child = this.child;
    this.dispose();
    if (child?.alive) await child.exited;
  }

  // ---- starting ----

  private runStart(): Promise<void> {
    const op = this.doStart()
      .catch((err: unknown) => {
        if (err instanceof DaemonRefusal) throw err;
        this.deps.log.error(err instanceof Error ? err : String(err));
        this.setState({ kind: 'error', cause: { kind: 'start-failed', message: err instanceof Error ? err.message : String(err) } });
      })
      .finally(() => {
        if (this.startOp === op) this.startOp = undefined;
        this.scheduleWatch();
      });
    this.startOp = op;
    return op;
  }

  private async doStart(): Promise<void> {
    this.cancelWatch();
    const host = this.deps.host();
    const epoch = ++this.epoch;
    const first = await this.probeOnce();
    if (this.stale(epoch)) return;
    if (first.ok) {
      const owner = this.ownerOfAnswer();
      this.deps.log.info(`Ollama ${first.version} already answers at ${host.url} (${owner}); adopting it, not starting another.`);
      this.setState({ kind: 'running', version: first.version, owner });
      return;
    }
    if (!host.isLoopback) {
      this.setState({ kind: 'stopped', cause: { kind: 'remote-unreachable', host: host.url, detail: first.reason } });
      throw new DaemonRefusal(
        `Ollama at ${host.url} is not answering (${first.reason}). Unbound starts Ollama only on this machine: ` +
          'start it on that host, or clear unbound.ollama.host to use a local one.',
      );
    }
    if (first.occupied) {
      this.setState({ kind: 'error', cause: { kind: 'port-busy-foreign', port: host.port, detail: first.reason } });
      return;
    }
    if (this.child?.alive) {
      // Our own server is up but not answering yet (e.g. stop() raced): wait for it rather than spawn twice.
      await this.waitUntilAnswering(this.child, host, epoch);
      return;
    }

    const install = await this.usableInstall(epoch);
    if (!install) return;

    const app = install.desktopApp;
    // The app serves on its own OLLAMA_HOST and kills foreign servers; use it only for the default address.
    if (app && install.source !== 'setting' && this.deps.preferDesktopApp !== false && host.serveValue === defaultServeValue) {
      await this.launchDesktopApp(app, host, epoch);
      return;
    }
    await this.spawnServe(install.binary, host, epoch);
  }

  private async spawnServe(binary: string, host: ResolvedHost, epoch: number): Promise<void> {
    const extra = this.deps.settings().env;
    if (extra.OLLAMA_HOST !== undefined && extra.OLLAMA_HOST !== host.serveValue) {
      this.deps.log.warn(`unbound.ollama.env sets OLLAMA_HOST; using ${host.serveValue} from the host setting instead.`);
    }
    const env = { ...this.deps.env, ...extra, OLLAMA_HOST: host.serveValue };
    this.setState({ kind: 'starting' });
    this.deps.log.info(`Starting ${binary} serve on ${host.serveValue}.`);
    const proc = this.deps.spawner(binary, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const child = new ServerProcess(proc, this.deps.serverLog, this.deps.clock.now());
    this.child = child;
    this.spawnedOnce = true;
    void child.exited.then((info) => this.onChildExit(child, info));
    await this.waitUntilAnswering(child, host, epoch);
  }

  /** Polls until the child answers, exits, or the start timeout passes. */
  private async waitUntilAnswering(child: ServerProcess, host: ResolvedHost, epoch: number): Promise<void> {
    const timeoutSeconds = this.deps.settings().startTimeoutSeconds;
    const deadline = child.startedAt + timeoutSeconds * 1000;
    for (;;) {
      if (child.stopRequested || this.stale(epoch)) return;
      if (child.exit) return this.onEarlyExit(child, child.exit, host);
      const result = await this.probeOnce();
      if (child.stopRequested || this.stale(epoch)) return;
      if (result.ok && child.alive) {
        child.reachedRunning = true;
        const ms = Math.round(this.deps.clock.now() - child.startedAt);
        this.lastTimeToRunningMs = ms;
        this.deps.log.info(`Ollama ${result.version} answered ${ms} ms after start (pid ${child.pid ?? '?'}).`);
        this.setState({ kind: 'running', version: result.version, owner: 'unbound' });
        return;
      }
      if (child.exit) return this.onEarlyExit(child, child.exit, host);
      if (this.deps.clock.now() >= deadline) {
        child.stopRequested = true;
        this.setState({
          kind: 'error',
          cause: { kind: 'start-timeout', host: host.url, seconds: timeoutSeconds, detail: result.ok ? 'it exited' : result.reason },
        });
        await this.terminate(child);
        return;
      }
      await Promise.race([this.sleep(this.timings.startPollMs), child.exited]);
    }
  }

  /** The child died before answering: a busy port means another server may be there to adopt. */
  private async onEarlyExit(child: ServerProcess, exit: ExitInfo, host: ResolvedHost): Promise<void> {
    if (this.child === child) this.child = undefined;
    if (exit.spawnError) {
      this.setState({ kind: 'error', cause: { kind: 'spawn-failed', binary: String(child.process.spawnfile), code: exit.spawnError } });
      return;
    }
    if (lostPortRace(child, exit)) {
      this.deps.log.info(`ollama serve found ${host.serveValue} busy; probing what holds it.`);
      const again = await this.probeOnce();
      if (again.ok) {
        this.deps.log.info(`Another Ollama ${again.version} answers at ${host.url}; adopting it.`);
        this.setState({ kind: 'running', version: again.version, owner: 'external' });
      } else {
        this.setState({
          kind: 'error',
          cause: { kind: 'port-busy-foreign', port: host.port, detail: child.lastErrorLine ?? again.reason },
        });
      }
      return;
    }
    const lastLine = child.lastErrorLine;
    this.setState({ kind: 'error', cause: { kind: 'exited-early', exit: exitText(exit), ...(lastLine ? { lastLine } : {}) } });
  }

  private async launchDesktopApp(app: DesktopApp, host: ResolvedHost, epoch: number): Promise<void> {
    this.setState({ kind: 'starting' });
    const started = this.deps.clock.now();
    const [command, args] =
      app.kind === 'macos-app'
        ? ['/usr/bin/open', ['-j', '-a', app.path, '--args', '--fast-startup']]
        : [app.path, ['--hide', '--fast-startup']];
    this.deps.log.info(`Launching the Ollama desktop app (${app.path}); it runs and owns the server.`);
    const proc = this.deps.spawner(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
    proc.on('error', (err) => this.deps.log.warn(`Launching ${app.path} failed: ${err.message}`));
    proc.unref();
    const timeoutSeconds = this.deps.settings().startTimeoutSeconds;
    for (;;) {
      const result = await this.probeOnce();
      if (this.stale(epoch)) return;
      if (result.ok) {
        this.lastTimeToRunningMs = Math.round(this.deps.clock.now() - started);
        this.setState({ kind: 'running', version: result.version, owner: 'external' });
        return;
      }
      if (this.deps.clock.now() - started >= timeoutSeconds * 1000) {
        this.setState({ kind: 'error', cause: { kind: 'desktop-app', host: host.url, seconds: timeoutSeconds, detail: result.reason } });
        return;
      }
      await this.sleep(this.timings.startPollMs);
    }
  }

  // ---- watching ----

  private onChildExit(child: ServerProcess, exit: ExitInfo): void {
    if (this.child === child && !child.reachedRunning) return; // waitUntilAnswering reports it
    if (this.child === child) this.child = undefined;
    if (!child.reachedRunning || child.stopRequested || this.disposed) return;
    this.epoch++;
    if (lostPortRace(child, exit)) {
      // Another server took the port between our probe and our spawn, and it was that one that answered:
      // not a crash to restart, a server to adopt.
      this.deps.log.info(`ollama serve (pid ${child.pid ?? '?'}) found the port taken by another server; adopting that one.`);
      void this.refresh();
      return;
    }
    this.deps.log.warn(`ollama serve (pid ${child.pid ?? '?'}) exited unexpectedly with ${exitText(exit)}.`);
    const decision = this.policy.onUnexpectedExit();
    switch (decision.kind) {
      case 'give-up':
        this.deps.log.error(describeDaemonCause(decision.cause).message);
        this.setState({ kind: 'error', cause: decision.cause });
        this.scheduleWatch();
        return;
      case 'restart':
        this.deps.log.info(`Restarting Ollama in ${decision.delayMs} ms (restart ${decision.attempt}).`);
        this.cancelWatch();
        this.setState({ kind: 'starting' });
        this.restartTimer = this.deps.clock.setTimeout(() => {
          this.restartTimer = undefined;
          if (!this.disposed && !this.startOp) void this.runStart().catch(() => undefined);
        }, decision.delayMs);
        return;
      default:
        assertNever(decision);
    }
  }

  private scheduleWatch(): void {
    this.cancelWatch();
    if (this.disposed || this.startOp || this.restartTimer !== undefined) return;
    const kind = this.current.kind;
    if (kind === 'starting') return;
    const ms = kind === 'running' ? this.timings.watchRunningMs : this.timings.watchIdleMs;
    this.watchTimer = this.deps.clock.setTimeout(() => {
      this.watchTimer = undefined;
      void this.watchTick();
    }, ms);
  }

  private async watchTick(): Promise<void> {
    if (this.disposed || this.startOp || this.restartTimer !== undefined) return;
    const epoch = this.epoch;
    const result = await this.probeOnce();
    if (this.stale(epoch)) return;
    const state = this.current;
    if (result.ok) {
      this.setState({ kind: 'running', version: result.version, owner: this.ownerOfAnswer() });
    } else if (state.kind === 'running') {
      if (this.child?.alive) {
        // Our process lives (its exit is what triggers a restart); a slow answer is not a death.
        this.deps.log.warn(`Ollama (pid ${this.child.pid ?? '?'}) did not answer the health probe: ${result.reason}`);
      } else {
        const host = this.deps.host();
        this.deps.log.info(`Ollama at ${host.url} stopped answering: ${result.reason}`);
        this.setState({ kind: 'stopped', cause: wentAway(host, result.reason) });
      }
    }
    this.scheduleWatch();
  }

  // ---- helpers ----

  /** Nothing answered: say why in the state (stopped, not installed, bad setting). */
  private async settleNotAnswering(result: Extract<ProbeResult, { ok: false }>): Promise<void> {
    const host = this.deps.host();
    const wasRunning = this.current.kind === 'running';
    if (!host.isLoopback) {
      this.setState({
        kind: 'stopped',
        cause: wasRunning ? wentAway(host, result.reason) : { kind: 'remote-unreachable', host: host.url, detail: result.reason },
      });
      return;
    }
    if (result.occupied) {
      this.setState({ kind: 'error', cause: { kind: 'port-busy-foreign', port: host.port, detail: result.reason } });
      return;
    }
    const install = await this.usableInstall(this.epoch);
    if (!install) return;
    this.setState({
      kind: 'stopped',
      cause: wasRunning ? wentAway(host, result.reason) : { kind: 'not-running', host: host.url, detail: result.reason },
    });
  }

  /** The executable to run, or undefined once the state says why there is none (or a newer operation took over). */
  private async usableInstall(epoch: number): Promise<Extract<OllamaInstall, { kind: 'found' }> | undefined> {
    const install = await this.findInstall();
    if (this.stale(epoch)) return undefined;
    switch (install.kind) {
      case 'bad-setting':
        this.setState({ kind: 'error', cause: { kind: 'bad-path-setting', path: install.path, problem: install.problem } });
        return undefined;
      case 'not-found':
        this.setState({ kind: 'not-installed' });
        return undefined;
      case 'found':
        return install;
      default:
        return assertNever(install);
    }
  }

  private async findInstall(): Promise<OllamaInstall> {
    const install = await findOllama({
      settingPath: this.deps.settings().path,
      platform: this.deps.platform,
      env: this.deps.env,
      fs: this.deps.fs,
    });
    this.lastInstall = install;
    if (install.kind === 'found') this.deps.log.debug(`Found ollama at ${install.binary} (${install.source}).`);
    return install;
  }

  private ownerOfAnswer(): DaemonOwner {
    return this.child?.alive && this.child.reachedRunning ? 'unbound' : 'external';
  }

  private async probeOnce(): Promise<ProbeResult> {
    if (this.lifetime.signal.aborted) return { ok: false, reason: 'Unbound is shutting down' };
    const controller = new AbortController();
    const abort = () => controller.abort();
    this.lifetime.signal.addEventListener('abort', abort, { once: true });
    const timer = this.deps.clock.setTimeout(abort, this.timings.probeTimeoutMs);
    try {
      return await this.deps.probe(controller.signal);
    } catch (err) {
      return { ok: false, reason: err instanceof Error ? err.message : String(err) };
    } finally {
      this.deps.clock.clearTimeout(timer);
      this.lifetime.signal.removeEventListener('abort', abort);
    }
  }

  /** SIGTERM (Ollama unloads its runners and exits), SIGKILL if it has not after the grace period. */
  private async terminate(child: ServerProcess): Promise<void> {
    if (!child.alive) return;
    const pid = child.pid;
    if (this.deps.platform === 'win32' && pid !== undefined) {
      // No signals on Windows: end the whole tree so the runner processes go too.
      const killer = this.deps.spawner('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
      killer.on('error', (err) => this.deps.log.warn(`taskkill failed: ${err.message}`));
    } else {
      child.process.kill('SIGTERM');
    }
    const timer = this.deps.clock.setTimeout(() => {
      if (!child.alive) return;
      this.deps.log.warn(`ollama serve (pid ${pid ?? '?'}) ignored SIGTERM for ${this.timings.stopGraceMs} ms; killing it.`);
      child.process.kill('SIGKILL');
    }, this.timings.stopGraceMs);
    await child.exited;
    this.deps.clock.clearTimeout(timer);
  }

  /** How to stop a server Unbound did not start, for the place it most likely runs. */
  private async externalStopAdvice(verb: 'stop' | 'restart'): Promise<string> {
    const host = this.deps.host();
    const head = `Ollama at ${host.url} was not started by Unbound, so Unbound leaves it running.`;
    if (!host.isLoopback) return `${head} It runs on another machine: ${verb} it there.`;
    const install = this.lastInstall ?? (await this.findInstall());
    const app = install && install.kind !== 'bad-setting' ? install.desktopApp : undefined;
    if (app?.kind === 'macos-app') return `${head} To ${verb} it, quit Ollama from the menu bar (then open it again to restart).`;
    if (app?.kind === 'windows-tray') return `${head} To ${verb} it, quit Ollama from the system tray (then open it again to restart).`;
    if (install?.kind === 'found' && install.systemdUnit) {
      return `${head} It is probably the systemd service: run \`sudo systemctl ${verb} ollama\` in a terminal.`;
    }
    return `${head} To ${verb} it, use what started it: the terminal running \`ollama serve\`, \`systemctl ${verb} ollama\`, the Ollama app, or \`docker ${verb}\` for a container.`;
  }

  private setState(next: DaemonState): void {
    if (this.disposed || sameState(this.current, next)) return;
    this.current = next;
    this.changed.fire(next);
  }

  private stale(epoch: number): boolean {
    return this.disposed || epoch !== this.epoch;
  }

  /** A poll interval that dispose() cuts short, so no timer of a disposed manager stays pending. */
  private sleep(ms: number): Promise<void> {
    const lifetime = this.lifetime.signal;
    if (lifetime.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.deps.clock.clearTimeout(timer);
        lifetime.removeEventListener('abort', done);
        resolve();
      };
      const timer = this.deps.clock.setTimeout(done, ms);
      lifetime.addEventListener('abort', done, { once: true });
    });
  }

  private cancelWatch(): void {
    if (this.watchTimer !== undefined) this.deps.clock.clearTimeout(this.watchTimer);
    this.watchTimer = undefined;
  }

  private cancelRestartTimer(): void {
    if (this.restartTimer !== undefined) this.deps.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}

/** A server that answered stopped answering; only a local one can be started again from here. */
function wentAway(host: ResolvedHost, detail: string): StopCause {
  return { kind: 'stopped-answering', host: host.url, local: host.isLoopback, detail };
}

/** `ollama serve` quits with code 1 and "bind: address already in use" when another server holds the port. */
function lostPortRace(child: ServerProcess, exit: ExitInfo): boolean {
  return exit.code === 1 && /bind:/.test(child.stderr);
}

function exitText(exit: ExitInfo): string {
  return exit.code !== null ? `code ${exit.code}` : `signal ${exit.signal ?? '?'}`;
}

function sameState(a: DaemonState, b: DaemonState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
