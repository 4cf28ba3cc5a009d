import type { Logger } from '../log';
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
