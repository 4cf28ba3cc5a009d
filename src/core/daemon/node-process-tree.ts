import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import type { ProcessTree } from './process-tree';

/** The real signals; extension.ts passes this, and the tests, which spawn real processes, do too. */
export const nodeProcessTree: ProcessTree = {
  signalGroup(pgid, signal) {
    try {
      process.kill(-pgid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  },
  async groupAlive(pgid) {
    // kill(-pgid, 0) also succeeds for zombies, which an init that does not reap (a container's) keeps for ever.
    if (existsSync('/proc')) return liveMemberInProc(pgid);
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  },
};

/** /proc/<pid>/stat is `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses. */
async function liveMemberInProc(pgid: number): Promise<boolean> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = await readFile(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z') return true;
  }
  return false;
}
