import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findOllama, type FileProbe } from '../../../src/core/daemon/find-binary';

/** A fake file tree: path -> executable? (directories and app bundles are non-executable entries). */
function tree(files: Record<string, boolean>): FileProbe {
  return {
    exists: async (f) => f in files,
    isExecutable: async (f) => files[f] === true,
  };
}

test('the setting wins over PATH', async () => {
  const found = await findOllama({
    settingPath: '/opt/ollama/bin/ollama',
    platform: 'linux',
    env: { PATH: '/usr/local/bin' },
    fs: tree({ '/opt/ollama/bin/ollama': true, '/usr/local/bin/ollama': true }),
  });
  assert.equal(found.kind, 'found');
  assert.equal(found.kind === 'found' && found.binary, '/opt/ollama/bin/ollama');
  assert.equal(found.kind === 'found' && found.source, 'setting');
});

test('a setting that names a missing file is an error naming the path, with no fallback to PATH', async () => {
  const found = await findOllama({
    settingPath: '/nope/ollama',
    platform: 'linux',
    env: { PATH: '/usr/local/bin' },
    fs: tree({ '/usr/local/bin/ollama': true }),
  });
  assert.equal(found.kind, 'bad-setting');
  assert.deepEqual(found, { kind: 'bad-setting', path: '/nope/ollama', problem: 'missing' });
});

test('a setting that names a non-executable file says so', async () => {
  const found = await findOllama({
    settingPath: '/home/me/ollama.txt',
    platform: 'linux',
    env: {},
    fs: tree({ '/home/me/ollama.txt': false }),
  });
  assert.equal(found.kind, 'bad-setting');
  assert.equal(found.kind === 'bad-setting' ? found.problem : '', 'not-executable');
});

test('PATH is searched in order before the install locations', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'linux',
    env: { PATH: '/home/me/bin:/usr/bin' },
    fs: tree({ '/usr/bin/ollama': true, '/home/me/bin/ollama': true, '/usr/local/bin/ollama': true }),
  });
  assert.deepEqual(found.kind === 'found' && [found.binary, found.source], ['/home/me/bin/ollama', 'path']);
});

test('Linux: found in /usr/local/bin when PATH lacks it, and the systemd unit is noticed', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'linux',
    env: { PATH: '/home/me/bin' },
    fs: tree({ '/usr/local/bin/ollama': true, '/etc/systemd/system/ollama.service': false }),
  });
  assert.equal(found.kind, 'found');
  if (found.kind !== 'found') return;
  assert.equal(found.binary, '/usr/local/bin/ollama');
  assert.equal(found.source, 'known-location');
  assert.equal(found.systemdUnit, true);
  assert.equal(found.desktopApp, undefined);
});

test('a non-executable file on PATH is skipped', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'linux',
    env: { PATH: '/home/me/bin' },
    fs: tree({ '/home/me/bin/ollama': false, '/usr/bin/ollama': true }),
  });
  assert.equal(found.kind === 'found' && found.binary, '/usr/bin/ollama');
});

test('macOS: the CLI inside Ollama.app is found and the desktop app is reported', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'darwin',
    env: { PATH: '/usr/bin:/bin', HOME: '/Users/me' },
    fs: tree({ '/Applications/Ollama.app': false, '/Applications/Ollama.app/Contents/Resources/ollama': true }),
  });
  assert.equal(found.kind, 'found');
  if (found.kind !== 'found') return;
  assert.equal(found.binary, '/Applications/Ollama.app/Contents/Resources/ollama');
  assert.deepEqual(found.desktopApp, { kind: 'macos-app', path: '/Applications/Ollama.app' });
  assert.equal(found.systemdUnit, false);
});

test('macOS: Homebrew install without the app', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'darwin',
    env: { PATH: '/usr/bin', HOME: '/Users/me' },
    fs: tree({ '/opt/homebrew/bin/ollama': true }),
  });
  assert.equal(found.kind === 'found' && found.binary, '/opt/homebrew/bin/ollama');
  assert.equal(found.kind === 'found' && found.desktopApp, undefined);
});

test('Windows: the per-user install under %LOCALAPPDATA% with its tray app', async () => {
  const local = 'C:\\Users\\me\\AppData\\Local';
  const found = await findOllama({
    settingPath: '',
    platform: 'win32',
    env: { Path: 'C:\\Windows\\system32;C:\\Windows', LOCALAPPDATA: local },
    fs: tree({
      [`${local}\\Programs\\Ollama\\ollama.exe`]: true,
      [`${local}\\Programs\\Ollama\\ollama app.exe`]: true,
    }),
  });
  assert.equal(found.kind, 'found');
  if (found.kind !== 'found') return;
  assert.equal(found.binary, `${local}\\Programs\\Ollama\\ollama.exe`);
  assert.deepEqual(found.desktopApp, { kind: 'windows-tray', path: `${local}\\Programs\\Ollama\\ollama app.exe` });
});

test('Windows: PATH entries with quotes are searched for ollama.exe', async () => {
  const found = await findOllama({
    settingPath: '',
    platform: 'win32',
    env: { Path: '"D:\\Tools\\Ollama";C:\\Windows' },
    fs: tree({ 'D:\\Tools\\Ollama\\ollama.exe': true }),
  });
  assert.equal(found.kind === 'found' && found.binary, 'D:\\Tools\\Ollama\\ollama.exe');
});

test('nothing installed: not-found lists every place searched', async () => {
  const found = await findOllama({ settingPath: '', platform: 'linux', env: { PATH: '/home/me/bin' }, fs: tree({}) });
  assert.equal(found.kind, 'not-found');
  assert.deepEqual(found.kind === 'not-found' && found.searched, [
    '/home/me/bin/ollama',
    '/usr/local/bin/ollama',
    '/usr/bin/ollama',
    '/bin/ollama',
  ]);
});
