import * as path from 'node:path';
import { assertNever } from '../assert-never';

/** File checks, injected so the search runs against a fake tree in tests. */
export interface FileProbe {
  exists(file: string): Promise<boolean>;
  isExecutable(file: string): Promise<boolean>;
}

export type Platform = 'linux' | 'darwin' | 'win32';

/** The Ollama desktop app, which owns its server and kills foreign ones (docs/reference/ollama-api.md section 13). */
export type DesktopApp =
  | { readonly kind: 'macos-app'; readonly path: string }
  | { readonly kind: 'windows-tray'; readonly path: string };

export type BinarySource = 'setting' | 'path' | 'known-location';

export type OllamaInstall =
  | {
      readonly kind: 'found';
      readonly binary: string;
      readonly source: BinarySource;
      readonly desktopApp?: DesktopApp;
      /** Linux install.sh puts a systemd unit in place; the user stops that one with systemctl. */
      readonly systemdUnit: boolean;
    }
  | { readonly kind: 'not-found'; readonly searched: readonly string[]; readonly desktopApp?: DesktopApp }
  /** `unbound.ollama.path` names a file that is not there or cannot run: said as such, no silent fallback. */
  | { readonly kind: 'bad-setting'; readonly path: string; readonly problem: 'missing' | 'not-executable' };

export interface FindBinaryOptions {
  /** `unbound.ollama.path`; '' means search. */
  readonly settingPath: string;
  readonly platform: Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fs: FileProbe;
}

const systemdUnitPath = '/etc/systemd/system/ollama.service';

/** Where the official installers put the CLI, in the order Ollama's own scripts prefer. */
export function knownLocations(platform: Platform, env: FindBinaryOptions['env']): string[] {
  switch (platform) {
    case 'linux':
      return ['/usr/local/bin/ollama', '/usr/bin/ollama', '/bin/ollama'];
    case 'darwin':
      return ['/Applications/Ollama.app/Contents/Resources/ollama', '/usr/local/bin/ollama', '/opt/homebrew/bin/ollama'];
    case 'win32': {
      const local = env.LOCALAPPDATA;
      return local ? [path.win32.join(local, 'Programs', 'Ollama', 'ollama.exe')] : [];
    }
    default:
      return assertNever(platform);
  }
}

/**
 * Finds the `ollama` executable: the setting, then PATH, then the install
 * locations; and the desktop app, which the manager prefers to launch.
 */
export async function findOllama(options: FindBinaryOptions): Promise<OllamaInstall> {
  const { platform, env, fs } = options;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const setting = options.settingPath.trim();

  if (setting) {
    if (!(await fs.exists(setting))) {
      return { kind: 'bad-setting', path: setting, problem: 'missing' };
    }
    if (!(await fs.isExecutable(setting))) {
      return { kind: 'bad-setting', path: setting, problem: 'not-executable' };
    }
    return { kind: 'found', binary: setting, source: 'setting', systemdUnit: await hasSystemdUnit(platform, fs) };
  }

  const searched: string[] = [];
  const exe = platform === 'win32' ? 'ollama.exe' : 'ollama';
  const pathValue = (platform === 'win32' ? (env.Path ?? env.PATH) : env.PATH) ?? '';
  const delimiter = platform === 'win32' ? ';' : ':';
  const candidates: { file: string; source: BinarySource }[] = [
    ...pathValue
      .split(delimiter)
      .map((dir) => dir.trim().replace(/^"(.*)"$/, '$1'))
      .filter((dir) => dir.length > 0)
      .map((dir) => ({ file: p.join(dir, exe), source: 'path' as const })),
    ...knownLocations(platform, env).map((file) => ({ file, source: 'known-location' as const })),
  ];

  for (const { file, source } of candidates) {
    if (searched.includes(file)) continue;
    searched.push(file);
    // isExecutable is false for a missing file: one check per candidate, not two.
    if (await fs.isExecutable(file)) {
      const desktopApp = await findDesktopApp(platform, env, fs, file);
      return {
        kind: 'found',
        binary: file,
        source,
        ...(desktopApp ? { desktopApp } : {}),
        systemdUnit: await hasSystemdUnit(platform, fs),
      };
    }
  }
  const desktopApp = await findDesktopApp(platform, env, fs, undefined);
  return { kind: 'not-found', searched, ...(desktopApp ? { desktopApp } : {}) };
}

/** Same search order as the CLI's own `ollama start` (docs/reference/ollama-api.md section 13). */
async function findDesktopApp(
  platform: Platform,
  env: FindBinaryOptions['env'],
  fs: FileProbe,
  binary: string | undefined,
): Promise<DesktopApp | undefined> {
  switch (platform) {
    case 'linux':
      return undefined;
    case 'darwin': {
      const apps = ['/Applications/Ollama.app'];
      if (env.HOME) apps.push(path.posix.join(env.HOME, 'Applications', 'Ollama.app'));
      for (const app of apps) if (await fs.exists(app)) return { kind: 'macos-app', path: app };
      return undefined;
    }
    case 'win32': {
      const candidates: string[] = [];
      if (binary) candidates.push(path.win32.join(path.win32.dirname(binary), 'ollama app.exe'));
      if (env.LOCALAPPDATA) {
        candidates.push(path.win32.join(env.LOCALAPPDATA, 'Programs', 'Ollama', 'ollama app.exe'));
        candidates.push(path.win32.join(env.LOCALAPPDATA, 'Ollama', 'ollama app.exe'));
      }
      for (const app of candidates) if (await fs.exists(app)) return { kind: 'windows-tray', path: app };
      return undefined;
    }
    default:
      return assertNever(platform);
  }
}

async function hasSystemdUnit(platform: Platform, fs: FileProbe): Promise<boolean> {
  return platform === 'linux' && (await fs.exists(systemdUnitPath));
}
