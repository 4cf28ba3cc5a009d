// Finds the `ollama serve` processes of this run (the fake binary) by reading /proc, like
// `pgrep -f` would, restricted to processes carrying this run's environment marker so a
// parallel run or a real Ollama on the machine is never touched.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const MARKER = 'UNBOUND_E2E_RUN';

const isServe = (argv: readonly string[]): boolean => argv.includes('serve') && argv.some((a) => /ollama/.test(a));

export function fakeOllamaPids(): number[] {
  // macOS (test:electron on a developer's Mac) has no /proc: ps, and only the simulator's own
  // command line (never a real `ollama serve` the developer runs).
  if (!existsSync('/proc')) return psServePids();
  const marker = process.env[MARKER];
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!isServe(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'))) continue;
      if (marker && !readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`${MARKER}=${marker}`)) continue;
      pids.push(Number(entry));
    } catch {
      // The process exited while we looked.
    }
  }
  return pids;
}

function psServePids(): number[] {
  const out = execFileSync('ps', ['-Ao', 'pid=,command='], { encoding: 'utf8' });
  return out.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    return m && m[1] && m[2] && Number(m[1]) !== process.pid && m[2].includes('ollama-sim') && isServe(m[2].split(/\s+/)) ? [Number(m[1])] : [];
  });
}

/** The completion language server(s) this run's extension host started (dist/server.js over node IPC). */
export function completionServerPids(): number[] {
  return markedPids((argv) => argv.some((a) => a.endsWith('dist/server.js')));
}

/** The fake server's "runner" children (UNBOUND_SIM_RUNNER=1), which hold a model's memory in real Ollama. */
export function runnerPids(): number[] {
  return markedPids((argv) => argv.includes('ollama-sim-runner'));
}

/** Processes of this run whose command line matches; a zombie has none, so an ended process never counts. */
function markedPids(matches: (argv: readonly string[]) => boolean): number[] {
  const marker = process.env[MARKER];
  const pids: number[] = [];
  if (!existsSync('/proc')) return pids;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!matches(readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0'))) continue;
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
