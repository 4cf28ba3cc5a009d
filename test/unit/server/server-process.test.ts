import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { buildServer } from '../../bench/build-server';
import { LspClient } from '../../bench/lsp-client';

function runGuarded(how: 'throw' | 'reject'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, 'support/throws-later.ts'), how], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}

test('an uncaught exception ends the server with code 1 (the client restarts it), naming the error', async () => {
  const run = await runGuarded('throw');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /uncaught exception, exiting.*boom from a timer/s);
  assert.equal(run.stdout, '', 'it did not run on');
});

test('an unhandled rejection is logged and the server runs on', async () => {
  const run = await runGuarded('reject');
  assert.equal(run.code, 0);
  assert.match(run.stderr, /unhandled rejection: Error: nobody awaited this/);
  assert.equal(run.stdout, 'still running\n');
});

test('the server reports the version in package.json', async () => {
  const { version } = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8')) as { version: string };
  const client = LspClient.spawn({ serverPath: await buildServer(), env: process.env });
  try {
    const result = await client.initialize({ ollamaHost: 'http://127.0.0.1:9', completion: {} }, null);
    assert.equal(result.serverInfo?.version, version);
  } finally {
    await client.stop();
  }
});
