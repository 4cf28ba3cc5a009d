import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { ResolvedHost } from '../ollama/types';
import type { Platform } from './find-binary';
import type { ProcessTree } from './process-tree';
import { ServerProcess, type ExitInfo, type Spawner } from './server-process';

export interface ProcessControlDeps {
  readonly spawner: Spawner;
  readonly processes: ProcessTree;
  readonly platform: Platform;
  readonly clock: Clock;
  /** The extension host's environment, the base of the child's. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: Logger;
  readonly serverLog: Logger;
}

/** How often a stop looks whether the group is gone. */
const groupPollMs = 50;
/** SIGKILL cannot be refused; this only bounds the wait for the kernel to finish it. */
const killWaitMs = 2_000;

/**
 * Spawns `ollama serve` and ends it with everything it started. On POSIX the
 * child leads its own process group (spawned detached), and a stop signals the
 * group; on Windows `taskkill /T` ends the tree.
 */
export class ProcessControl {
  constructor(private readonly deps: ProcessControlDeps) {}

  spawnServe(binary: string, host: ResolvedHost, extraEnv: Readonly<Record<string, string>>): ServerProcess {
    if (extraEnv.OLLAMA_HOST !== undefined && extraEnv.OLLAMA_HOST !== host.serveValue) {
      this.deps.log.warn(`unbound.ollama.env sets OLLAMA_HOST; using ${host.serveValue} from the host setting instead.`);
    }
    const env = { ...this.deps.env, ...extraEnv, OLLAMA_HOST: host.serveValue };
    this.deps.log.info(`Starting ${binary} serve on ${host.serveValue}.`);
    const proc = this.deps.spawner(binary, ['serve'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
      // Its own group, so a stop reaches the runners it starts and a server behind a wrapper script.
      detached: this.deps.platform !== 'win32',
    });
    return new ServerProcess(proc, this.deps.serverLog, this.deps.clock.now(), host.serveValue);
  }

  /**
   * SIGTERM to the group (Ollama unloads its runners and exits), SIGKILL to the
   * group if anything of it still runs after `graceMs`. Resolves once the whole
   * group is gone, not only the process Unbound holds.
   */
  async terminate(child: ServerProcess, graceMs: number): Promise<void> {
    const pid = child.pid;
    if (pid === undefined) return;
    if (this.deps.platform === 'win32') return this.terminateTree(child, pid, graceMs);
    if (!child.alive && !(await this.deps.processes.groupAlive(pid))) return;
    this.deps.processes.signalGroup(pid, 'SIGTERM');
    if (await this.groupGone(child, pid, graceMs)) return;
    this.deps.log.warn(`ollama serve (pid ${pid}) ignored SIGTERM for ${graceMs} ms; killing its process group.`);
    this.deps.processes.signalGroup(pid, 'SIGKILL');
    if (!(await this.groupGone(child, pid, killWaitMs))) {
      this.deps.log.warn(`Processes of ollama serve (group ${pid}) still run after SIGKILL.`);
    }
  }

  /** After the server died on its own: its runners serve nobody and hold memory. */
  reapOrphans(child: ServerProcess): void {
    const pid = child.pid;
    if (pid === undefined || this.deps.platform === 'win32') return;
    try {
      this.deps.processes.signalGroup(pid, 'SIGKILL');
    } catch (err) {
      this.deps.log.warn(`Ending what ollama serve (pid ${pid}) left running failed: ${String(err)}`);
    }
  }

  /** No signals on Windows: end the whole tree so the runner processes go too. */
  private async terminateTree(child: ServerProcess, pid: number, graceMs: number): Promise<void> {
    if (!child.alive) return;
    const killer = this.deps.spawner('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    killer.on('error', (err) => this.deps.log.warn(`taskkill failed: ${err.message}`));
    const timer = this.deps.clock.setTimeout(() => {
      if (!child.alive) return;
      this.deps.log.warn(`ollama serve (pid ${pid}) outlived taskkill for ${graceMs} ms; killing it.`);
      child.process.kill('SIGKILL');
    }, graceMs);
    await child.exited;
    this.deps.clock.clearTimeout(timer);
  }

  private async groupGone(child: ServerProcess, pid: number, withinMs: number): Promise<boolean> {
    const deadline = this.deps.clock.now() + withinMs;
    for (;;) {
      if (!child.alive && !(await this.deps.processes.groupAlive(pid))) return true;
      if (this.deps.clock.now() >= deadline) return false;
      const tick = this.delay(groupPollMs);
      await (child.alive ? Promise.race([tick, child.exited]) : tick);
    }
  }

  /** Not cut short by the manager's disposal: a stop that runs during shutdown still paces itself. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.deps.clock.setTimeout(resolve, ms));
  }
}

/** `ollama serve` quits with code 1 and "bind: address already in use" when another server holds the port. */
export function lostPortRace(child: Pick<ServerProcess, 'stderr'>, exit: ExitInfo): boolean {
  return exit.code === 1 && /bind:/.test(child.stderr);
}

export function exitText(exit: ExitInfo): string {
  return exit.code !== null ? `code ${exit.code}` : `signal ${exit.signal ?? '?'}`;
}
