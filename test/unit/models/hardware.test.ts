import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectHardware, nominalGb, parseNvidiaSmi, type ExecFile } from '../../../src/core/models/hardware';

const GiB = 2 ** 30;

test('nvidia-smi output becomes GPUs with VRAM in bytes', async () => {
  const calls: string[][] = [];
  const execFile: ExecFile = async (file, args) => {
    calls.push([file, ...args]);
    return { stdout: 'NVIDIA GeForce RTX 3070, 8192\nNVIDIA A100-SXM4-40GB, 40960\n' };
  };
  const hw = await detectHardware({ platform: 'linux', arch: 'x64', totalmem: () => 16 * GiB, execFile });
  assert.deepEqual(calls, [['nvidia-smi', '--query-gpu=name,memory.total', '--format=csv,noheader,nounits']]);
  assert.deepEqual(hw.gpus.map((g) => [g.name, g.vramBytes / GiB]), [['NVIDIA GeForce RTX 3070', 8], ['NVIDIA A100-SXM4-40GB', 40]]);
  assert.equal(hw.totalRamBytes, 16 * GiB);
  assert.equal(hw.unifiedMemory, false);
});

test('no nvidia-smi means no GPU, not an error', async () => {
  const execFile: ExecFile = async () => {
    throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
  };
  const hw = await detectHardware({ platform: 'win32', arch: 'x64', totalmem: () => 8 * GiB, execFile });
  assert.deepEqual(hw.gpus, []);
});

test('a hanging nvidia-smi is given up on after the timeout', async () => {
  let sawAbort = false;
  const execFile: ExecFile = (_file, _args, signal) =>
    new Promise((_resolve, reject) => {
      signal.addEventListener('abort', () => {
        sawAbort = true;
        reject(signal.reason);
      });
    });
  const hw = await detectHardware({ platform: 'linux', arch: 'x64', totalmem: () => 8 * GiB, execFile, timeoutMs: 50 });
  assert.deepEqual(hw.gpus, []);
  assert.ok(sawAbort, 'the probe was not aborted');
});

test('Apple silicon reports unified memory and never runs nvidia-smi', async () => {
  const execFile: ExecFile = async () => assert.fail('nvidia-smi must not run on macOS');
  const hw = await detectHardware({ platform: 'darwin', arch: 'arm64', totalmem: () => 32 * GiB, execFile });
  assert.deepEqual(hw, { totalRamBytes: 32 * GiB, gpus: [], unifiedMemory: true });
  const intel = await detectHardware({ platform: 'darwin', arch: 'x64', totalmem: () => 16 * GiB, execFile });
  assert.equal(intel.unifiedMemory, false);
});

test('garbage lines from nvidia-smi are skipped', () => {
  assert.deepEqual(parseNvidiaSmi('No devices were found\n\n[N/A], [N/A]\n'), []);
});

test('memory is reported as the size on the box', () => {
  assert.equal(nominalGb(15.4 * GiB), 16);
  assert.equal(nominalGb(8 * GiB), 8);
  assert.equal(nominalGb(7.7 * GiB), 8);
  assert.equal(nominalGb(10 * GiB), 10);
});
