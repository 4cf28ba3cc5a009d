import { assertNever } from '../assert-never';
import type { Logger } from '../log';
import type { ResolvedHost } from '../ollama/types';
import { waitForAnswer, type StartContext } from './answer-wait';
import type { DesktopApp } from './find-binary';
import type { Spawner } from './server-process';

/**
 * Launches the Ollama desktop app, which runs and owns the server (and kills
 * foreign ones). Detached and unreferenced: it is the user's app, not a child
 * Unbound stops.
 */
export function launchDesktopApp(spawner: Spawner, app: DesktopApp, log: Logger): void {
  const [command, args] =
    app.kind === 'macos-app'
      ? ['/usr/bin/open', ['-j', '-a', app.path, '--args', '--fast-startup']]
      : [app.path, ['--hide', '--fast-startup']];
  log.info(`Launching the Ollama desktop app (${app.path}); it runs and owns the server.`);
  const proc = spawner(command, args, { detached: true, stdio: 'ignore', windowsHide: true });
  proc.on('error', (err) => log.warn(`Launching ${app.path} failed: ${err.message}`));
  proc.unref();
}

/** Launches the app and waits until it serves at `host`, or the start timeout passes, and settles the state. */
export async function startDesktopApp(ctx: StartContext, spawner: Spawner, app: DesktopApp, host: ResolvedHost): Promise<void> {
  ctx.settle({ kind: 'starting' });
  const started = ctx.now();
  launchDesktopApp(spawner, app, ctx.log);
  const wait = await waitForAnswer({
    probe: ctx.probe,
    now: ctx.now,
    deadline: started + ctx.timeoutSeconds * 1000,
    pause: ctx.pause,
    abandoned: ctx.abandoned,
  });
  switch (wait.kind) {
    case 'abandoned':
    case 'exited': // the app is not a child of ours: it does not exit here
      return;
    case 'answered':
      ctx.settle({ kind: 'running', version: wait.version, owner: 'external' }, Math.round(ctx.now() - started));
      return;
    case 'timed-out':
      ctx.settle({ kind: 'error', cause: { kind: 'desktop-app', host: host.url, seconds: ctx.timeoutSeconds, detail: wait.reason } });
      return;
    default:
      assertNever(wait);
  }
}
