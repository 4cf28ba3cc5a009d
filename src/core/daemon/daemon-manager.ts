import { assertNever } from '../assert-never';
import { abortableDelay } from '../clock';
import { Emitter, type Disposable, type Event } from '../events';
import type { ResolvedHost } from '../ollama/types';
import type { StartContext } from './answer-wait';
import { classifyChildExit, CrashRestart } from './crash-restart';
import { defaultDaemonTimings, DaemonRefusal, type DaemonManagerDeps, type DaemonTimings } from './daemon-deps';
import { startDesktopApp } from './desktop-app';
import { findOllama, type OllamaInstall } from './find-binary';
import { HealthWatch, judgeWatchProbe } from './health-watch';
import { classifyNotAnswering, missingInstallState } from './not-answering';
import { probeWithin, type ProbeResult } from './probe';
import { exitText, ProcessControl } from './process-control';
import { awaitServeAnswer } from './serve-start';
import type { ExitInfo, ServerProcess } from './server-process';
import { ownerOfAnswer, type DaemonState } from './state';
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
  private readonly control: ProcessControl;
  private readonly crashes: CrashRestart;
  private readonly watch: HealthWatch;
  /** Aborts every probe in flight when the manager is disposed. */
  private readonly lifetime = new AbortController();
  private child: ServerProcess | undefined;
  private startOp: Promise<void> | undefined;
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
    this.control = new ProcessControl(deps);
    this.crashes = new CrashRestart(deps.clock, deps.log, deps.restartPolicy, () => {
      if (!this.disposed && !this.startOp) void this.runStart().catch(() => undefined);
    });
    this.watch = new HealthWatch(deps.clock, this.timings, () => void this.watchTick());
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
    if (this.busy) {
      await this.startOp?.catch(() => undefined);
      return this.current;
    }
    const epoch = this.epoch;
    const result = await this.probeOnce();
    if (epoch !== this.epoch || this.disposed) return this.current;
    if (result.ok) {
      this.setState({ kind: 'running', version: result.version, owner: ownerOfAnswer(this.child) });
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
    this.crashes.userStarted();
    return this.runStart();
  }

  /** Stops the server Unbound started. Rejects with DaemonRefusal (and how to stop it) for any other server. */
  async stop(): Promise<void> {
    this.crashes.cancel();
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
    const wanted = child !== undefined || this.busy;
    this.crashes.cancel();
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
    this.crashes.cancel();
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
      const owner = ownerOfAnswer(this.child);
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
      await startDesktopApp(this.startContext(epoch), this.deps.spawner, app, host);
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

  private waitUntilAnswering(child: ServerProcess, host: ResolvedHost, epoch: number): Promise<void> {
    const ctx = {
      ...this.startContext(epoch),
      control: this.control,
      stopGraceMs: this.timings.stopGraceMs,
      release: (gone: ServerProcess) => {
        if (this.child === gone) this.child = undefined;
      },
    };
    return awaitServeAnswer(ctx, child, host);
  }

  private startContext(epoch: number): StartContext {
    return {
      log: this.deps.log,
      now: () => this.deps.clock.now(),
      timeoutSeconds: this.deps.settings().startTimeoutSeconds,
      probe: () => this.probeOnce(),
      pause: () => this.sleep(this.timings.startPollMs),
      abandoned: () => this.stale(epoch),
      settle: (state, timeToRunningMs) => {
        if (timeToRunningMs !== undefined) this.lastTimeToRunningMs = timeToRunningMs;
        this.setState(state);
      },
    };
  }

  // ---- watching ----

  private onChildExit(child: ServerProcess, exit: ExitInfo): void {
    const verdict = classifyChildExit(child, exit, { current: this.child === child, disposed: this.disposed });
    if (verdict.kind === 'start-reports') return; // waitUntilAnswering reports it
    if (this.child === child) this.child = undefined;
    if (verdict.kind === 'expected') return;
    this.control.reapOrphans(child);
    this.epoch++;
    switch (verdict.kind) {
      case 'lost-port-race':
        this.deps.log.info(`ollama serve (pid ${child.pid ?? '?'}) found the port taken by another server; adopting that one.`);
        void this.refresh();
        return;
      case 'crashed': {
        this.deps.log.warn(`ollama serve (pid ${child.pid ?? '?'}) exited unexpectedly with ${exitText(exit)}.`);
        const decision = this.crashes.crashed();
        this.setState(decision.kind === 'give-up' ? { kind: 'error', cause: decision.cause } : { kind: 'starting' });
        this.scheduleWatch();
        return;
      }
      default:
        assertNever(verdict);
    }
  }

  /** A start or a pending restart probes on its own; the watch waits for it to settle. */
  private get busy(): boolean {
    return this.startOp !== undefined || this.crashes.pending;
  }

  private scheduleWatch(): void {
    if (this.disposed || this.busy) this.watch.cancel();
    else this.watch.scheduleFor(this.current);
  }

  private async watchTick(): Promise<void> {
    if (this.disposed || this.busy) return;
    const epoch = this.epoch;
    const result = await this.probeOnce();
    if (this.stale(epoch)) return;
    const verdict = judgeWatchProbe(result, this.current, this.child, this.deps.host());
    switch (verdict.kind) {
      case 'answering':
        this.setState(verdict.state);
        break;
      case 'own-server-slow':
        this.deps.log.warn(verdict.warning);
        break;
      case 'went-away':
        this.deps.log.info(verdict.note);
        this.setState(verdict.state);
        break;
      case 'still-down':
        break;
      default:
        assertNever(verdict);
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
    return abortableDelay(this.deps.clock, ms, this.lifetime.signal);
  }
}

function sameState(a: DaemonState, b: DaemonState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
