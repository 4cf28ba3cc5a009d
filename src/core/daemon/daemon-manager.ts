import { assertNever } from '../assert-never';
import { Emitter, type Disposable, type Event } from '../events';
import type { ResolvedHost } from '../ollama/types';
import { waitForAnswer } from './answer-wait';
import { describeDaemonCause } from './cause';
import { defaultDaemonTimings, DaemonRefusal, type DaemonManagerDeps, type DaemonTimings } from './daemon-deps';
import { launchDesktopApp } from './desktop-app';
import { findOllama, type DesktopApp, type OllamaInstall } from './find-binary';
import { HealthWatch, probeWithin } from './health-watch';
import { classifyNotAnswering, missingInstallState, wentAway } from './not-answering';
import type { ProbeResult } from './probe';
import { exitText, lostPortRace, ProcessControl } from './process-control';
import { RestartPolicy } from './restart-policy';
import type { ExitInfo, ServerProcess } from './server-process';
import type { DaemonOwner, DaemonState } from './state';
import { externalStopAdvice } from './stop-advice';
import { errorMessage } from '../error-message';

export { defaultDaemonTimings, DaemonRefusal, type DaemonManagerDeps, type DaemonTimings } from './daemon-deps';

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
  private readonly control: ProcessControl;
  private readonly watch: HealthWatch;
  /** Aborts every probe in flight when the manager is disposed. */
  private readonly lifetime = new AbortController();
  private child: ServerProcess | undefined;
  private startOp: Promise<void> | undefined;
  private restartTimer: unknown;
  /** The stop dispose() began, for shutdown() to wait on. */
  private finalStop: Promise<void> | undefined;
  private lastInstall: OllamaInstall | undefined;
  private lastTimeToRunningMs: number | undefined;
  private spawnedOnce = false;
  /** Bumped by every start, stop and exit: a probe begun before it must not overwrite what it decided. */
  private epoch = 0;
  private disposed = false;

  constructor(private readonly deps: DaemonManagerDeps) {
    this.timings = { ...defaultDaemonTimings, ...deps.timings };
    this.policy = new RestartPolicy(deps.clock, deps.restartPolicy);
    this.control = new ProcessControl(deps);
    this.watch = new HealthWatch(deps.clock, () => void this.watchTick());
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
    await this.control.terminate(child, this.timings.stopGraceMs);
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
    await this.startOp?.catch(() => undefined);
    await this.start();
  }

  /**
   * The host setting moved. A start still searching or probing stands down
   * before it spawns on the old address, and a server Unbound started there
   * serves nobody now: either is started again at the new address when that is
   * local; otherwise the new host is only looked at.
   */
  async hostChanged(): Promise<void> {
    if (this.disposed) return;
    const host = this.deps.host();
    const child = this.child?.alive ? this.child : undefined;
    if (child && child.address === host.serveValue) {
      await this.refresh();
      return;
    }
    const wanted = child !== undefined || this.startOp !== undefined || this.restartTimer !== undefined;
    this.cancelRestartTimer();
    if (child) {
      this.deps.log.info(`Ollama host changed to ${host.url}; stopping the server Unbound started on ${child.address}.`);
      await this.stop();
    } else {
      this.epoch++;
    }
    // The start that ran for the old address has stood down; let it finish before one for the new address.
    await this.startOp?.catch(() => undefined);
    if (this.disposed) return;
    if (wanted && host.isLoopback) await this.start();
    else await this.refresh();
  }

  /** Stops the child Unbound started (never an external server) and clears every timer. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.epoch++;
    this.cancelRestartTimer();
    this.watch.cancel();
    this.lifetime.abort();
    const child = this.child;
    if (child?.alive) {
      child.stopRequested = true;
      this.deps.log.info(`Stopping ollama serve (pid ${child.pid ?? '?'}) that Unbound started.`);
      this.finalStop = this.control
        .terminate(child, this.timings.shutdownGraceMs)
        .catch((err: unknown) => this.deps.log.error(`Stopping ollama serve failed: ${String(err)}`));
    }
    this.changed.dispose();
  }

  /** dispose(), then wait until the server and everything it started are gone (for deactivate()). */
  async shutdown(): Promise<void> {
    this.dispose();
    await this.finalStop;
  }

  // ---- starting ----

  private runStart(): Promise<void> {
    const op = this.doStart()
      .catch((err: unknown) => {
        if (err instanceof DaemonRefusal) throw err;
        this.deps.log.error(err instanceof Error ? err : String(err));
        this.setState({ kind: 'error', cause: { kind: 'start-failed', message: errorMessage(err) } });
      })
      .finally(() => {
        if (this.startOp === op) this.startOp = undefined;
        this.scheduleWatch();
      });
    this.startOp = op;
    return op;
  }

  private async doStart(): Promise<void> {
    this.watch.cancel();
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
    this.setState({ kind: 'starting' });
    const child = this.control.spawnServe(binary, host, this.deps.settings().env);
    this.child = child;
    this.spawnedOnce = true;
    void child.exited.then((info) => this.onChildExit(child, info));
    await this.waitUntilAnswering(child, host, epoch);
  }

  /** Polls until the child answers, exits, or the start timeout passes. */
  private async waitUntilAnswering(child: ServerProcess, host: ResolvedHost, epoch: number): Promise<void> {
    const timeoutSeconds = this.deps.settings().startTimeoutSeconds;
    const wait = await waitForAnswer({
      probe: () => this.probeOnce(),
      now: () => this.deps.clock.now(),
      deadline: child.startedAt + timeoutSeconds * 1000,
      pause: () => Promise.race([this.sleep(this.timings.startPollMs), child.exited]).then(() => undefined),
      abandoned: () => child.stopRequested || this.stale(epoch),
      child,
    });
    switch (wait.kind) {
      case 'abandoned':
        return;
      case 'exited':
        return this.onEarlyExit(child, wait.exit, host);
      case 'answered': {
        child.reachedRunning = true;
        const ms = Math.round(this.deps.clock.now() - child.startedAt);
        this.lastTimeToRunningMs = ms;
        this.deps.log.info(`Ollama ${wait.version} answered ${ms} ms after start (pid ${child.pid ?? '?'}).`);
        this.setState({ kind: 'running', version: wait.version, owner: 'unbound' });
        return;
      }
      case 'timed-out':
        child.stopRequested = true;
        this.setState({ kind: 'error', cause: { kind: 'start-timeout', host: host.url, seconds: timeoutSeconds, detail: wait.reason } });
        await this.control.terminate(child, this.timings.stopGraceMs);
        return;
      default:
        assertNever(wait);
    }
  }

  /** The child died before answering: a busy port means another server may be there to adopt. */
  private async onEarlyExit(child: ServerProcess, exit: ExitInfo, host: ResolvedHost): Promise<void> {
    if (this.child === child) this.child = undefined;
    this.control.reapOrphans(child);
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
    launchDesktopApp(this.deps.spawner, app, this.deps.log);
    const timeoutSeconds = this.deps.settings().startTimeoutSeconds;
    const wait = await waitForAnswer({
      probe: () => this.probeOnce(),
      now: () => this.deps.clock.now(),
      deadline: started + timeoutSeconds * 1000,
      pause: () => this.sleep(this.timings.startPollMs),
      abandoned: () => this.stale(epoch),
    });
    switch (wait.kind) {
      case 'abandoned':
      case 'exited': // the app is not a child of ours: it does not exit here
        return;
      case 'answered':
        this.lastTimeToRunningMs = Math.round(this.deps.clock.now() - started);
        this.setState({ kind: 'running', version: wait.version, owner: 'external' });
        return;
      case 'timed-out':
        this.setState({ kind: 'error', cause: { kind: 'desktop-app', host: host.url, seconds: timeoutSeconds, detail: wait.reason } });
        return;
      default:
        assertNever(wait);
    }
  }

  // ---- watching ----

  private onChildExit(child: ServerProcess, exit: ExitInfo): void {
    if (this.child === child && !child.reachedRunning) return; // waitUntilAnswering reports it
    if (this.child === child) this.child = undefined;
    if (!child.reachedRunning || child.stopRequested || this.disposed) return;
    this.control.reapOrphans(child);
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
        this.watch.cancel();
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
    this.watch.cancel();
    if (this.disposed || this.startOp || this.restartTimer !== undefined) return;
    const kind = this.current.kind;
    if (kind === 'starting') return;
    this.watch.schedule(kind === 'running' ? this.timings.watchRunningMs : this.timings.watchIdleMs);
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
    const verdict = classifyNotAnswering(this.deps.host(), result, this.current.kind === 'running');
    if (verdict.kind === 'settled') this.setState(verdict.state);
    else if (await this.usableInstall(this.epoch)) this.setState({ kind: 'stopped', cause: verdict.cause });
  }

  /** The executable to run, or undefined once the state says why there is none (or a newer operation took over). */
  private async usableInstall(epoch: number): Promise<Extract<OllamaInstall, { kind: 'found' }> | undefined> {
    const install = await this.findInstall();
    if (this.stale(epoch)) return undefined;
    if (install.kind === 'found') return install;
    const missing = missingInstallState(install);
    if (missing) this.setState(missing);
    return undefined;
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

  private probeOnce(): Promise<ProbeResult> {
    return probeWithin(this.deps.probe, this.deps.clock, this.lifetime.signal, this.timings.probeTimeoutMs);
  }

  private async externalStopAdvice(verb: 'stop' | 'restart'): Promise<string> {
    return externalStopAdvice(this.deps.host(), this.lastInstall ?? (await this.findInstall()), verb);
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

  private cancelRestartTimer(): void {
    if (this.restartTimer !== undefined) this.deps.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }
}

function sameState(a: DaemonState, b: DaemonState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
