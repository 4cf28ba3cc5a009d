import { execFile } from 'node:child_process';
import { totalmem } from 'node:os';
import { detectHardware, type ExecFile, type Hardware } from '../../core/models/hardware';

/** The real environment for detectHardware: no shell, hidden window on Windows, killed on abort. */
const runFile: ExecFile = (file, args, signal) =>
  new Promise((resolve, reject) => {
    execFile(file, [...args], { signal, windowsHide: true, encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(error);
      else resolve({ stdout });
    });
  });

/** Once per session (RecommendationSource keeps the answer), so nobody needs to cancel it; detectHardware bounds it. */
export function probeHardware(): Promise<Hardware> {
  return detectHardware({ platform: process.platform, arch: process.arch, totalmem, execFile: runFile });
}
