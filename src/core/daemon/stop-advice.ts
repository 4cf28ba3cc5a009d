import type { ResolvedHost } from '../ollama/types';
import type { OllamaInstall } from './find-binary';

/** How to stop or restart a server Unbound did not start, for the place it most likely runs. */
export function externalStopAdvice(host: ResolvedHost, install: OllamaInstall | undefined, verb: 'stop' | 'restart'): string {
  const head = `Ollama at ${host.url} was not started by Unbound, so Unbound leaves it running.`;
  if (!host.isLoopback) return `${head} It runs on another machine: ${verb} it there.`;
  const app = install && install.kind !== 'bad-setting' ? install.desktopApp : undefined;
  if (app?.kind === 'macos-app') return `${head} To ${verb} it, quit Ollama from the menu bar (then open it again to restart).`;
  if (app?.kind === 'windows-tray') return `${head} To ${verb} it, quit Ollama from the system tray (then open it again to restart).`;
  if (install?.kind === 'found' && install.systemdUnit) {
    return `${head} It is probably the systemd service: run \`sudo systemctl ${verb} ollama\` in a terminal.`;
  }
  return `${head} To ${verb} it, use what started it: the terminal running \`ollama serve\`, \`systemctl ${verb} ollama\`, the Ollama app, or \`docker ${verb}\` for a container.`;
}
