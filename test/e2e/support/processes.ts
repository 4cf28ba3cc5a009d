// Finds the `ollama serve` processes of this run (the fake binary) by reading /proc, like
// `pgrep -f` would, restricted to processes carrying this run's environment marker so a
// parallel run or a real Ollama on the machine is never touched.
import { readdirSync, readFileSync } from 'node:fs';

const MARKER = 'UNBOUND_E2E_RUN';

export function fakeOllamaPids(): number[] {
  const marker = process.env[MARKER];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const isServe = argv.includes('serve') && argv.some((a) => /ollama/.test(a));
      if (!isServe) continue;
      if (marker && !readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`${MARKER}=${marker}`)) continue;
      pids.push(Number(entry));
    } catch {
      // The process exited while we looked.
    }
  }
  return pids;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function killHard(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}
