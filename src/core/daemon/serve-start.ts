import { assertNever } from '../assert-never';
import type { ResolvedHost } from '../ollama/types';
import { waitForAnswer, type StartContext } from './answer-wait';
import type { FailureCause } from './cause';
import { exitText, lostPortRace, type ProcessControl } from './process-control';
import type { ExitInfo, ServerProcess } from './server-process';

export interface ServeStartContext extends StartContext {
  readonly control: ProcessControl;
  readonly stopGraceMs: number;
  /** The child is gone: the manager stops holding it. */
  readonly release: (child: ServerProcess) => void;
}

/** Polls until the `ollama serve` Unbound spawned answers, exits, or the start timeout passes, and settles the state. */
export async function awaitServeAnswer(ctx: ServeStartContext, child: ServerProcess, host: ResolvedHost): Promise<void> {
  const wait = await waitForAnswer({
    probe: ctx.probe,
    now: ctx.now,
    deadline: child.startedAt + ctx.timeoutSeconds * 1000,
    pause: () => Promise.race([ctx.pause(), child.exited]).then(() => undefined),
    abandoned: () => child.stopRequested || ctx.abandoned(),
    child,
  });
  switch (wait.kind) {
    case 'abandoned':
      return;
    case 'exited':
      return onEarlyExit(ctx, child, wait.exit, host);
    case 'answered': {
      child.reachedRunning = true;
      const ms = Math.round(ctx.now() - child.startedAt);
      ctx.log.info(`Ollama ${wait.version} answered ${ms} ms after start (pid ${child.pid ?? '?'}).`);
      ctx.settle({ kind: 'running', version: wait.version, owner: 'unbound' }, ms);
      return;
    }
    case 'timed-out':
      child.stopRequested = true;
      ctx.settle({ kind: 'error', cause: { kind: 'start-timeout', host: host.url, seconds: ctx.timeoutSeconds, detail: wait.reason } });
      await ctx.control.terminate(child, ctx.stopGraceMs);
      return;
    default:
      assertNever(wait);
  }
}

/** Why a spawned server died before it answered. */
export type EarlyExit =
  | { readonly kind: 'failed'; readonly cause: FailureCause }
  /** It found the port busy: another server may be there to adopt. */
  | { readonly kind: 'lost-port-race' };

export type EarlyExitedChild = Pick<ServerProcess, 'stderr' | 'lastErrorLine'> & {
  readonly process: { readonly spawnfile: string };
};

export function classifyEarlyExit(child: EarlyExitedChild, exit: ExitInfo): EarlyExit {
  if (exit.spawnError) return { kind: 'failed', cause: { kind: 'spawn-failed', binary: String(child.process.spawnfile), code: exit.spawnError } };
  if (lostPortRace(child, exit)) return { kind: 'lost-port-race' };
  const lastLine = child.lastErrorLine;
  return { kind: 'failed', cause: { kind: 'exited-early', exit: exitText(exit), ...(lastLine ? { lastLine } : {}) } };
}

async function onEarlyExit(ctx: ServeStartContext, child: ServerProcess, exit: ExitInfo, host: ResolvedHost): Promise<void> {
  ctx.release(child);
  ctx.control.reapOrphans(child);
  const early = classifyEarlyExit(child, exit);
  switch (early.kind) {
    case 'failed':
      ctx.settle({ kind: 'error', cause: early.cause });
      return;
    case 'lost-port-race': {
      ctx.log.info(`ollama serve found ${host.serveValue} busy; probing what holds it.`);
      const again = await ctx.probe();
      if (again.ok) {
        ctx.log.info(`Another Ollama ${again.version} answers at ${host.url}; adopting it.`);
        ctx.settle({ kind: 'running', version: again.version, owner: 'external' });
      } else {
        ctx.settle({ kind: 'error', cause: { kind: 'port-busy-foreign', port: host.port, detail: child.lastErrorLine ?? again.reason } });
      }
      return;
    }
    default:
      assertNever(early);
  }
}
