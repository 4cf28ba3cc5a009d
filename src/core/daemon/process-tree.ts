/**
 * The process group of the `ollama serve` Unbound starts. On POSIX the server is
 * spawned as the leader of its own group, so one signal reaches what it started
 * too: the runner processes that hold a loaded model's memory, and the real
 * server behind a wrapper script that does not `exec`.
 */
export interface ProcessTree {
  /** Sends `signal` to every process in the group `pgid` leads; a group already gone is not an error. */
  signalGroup(pgid: number, signal: NodeJS.Signals): void;
  /** Whether a process of the group still runs (a killed one not yet reaped does not count). */
  groupAlive(pgid: number): Promise<boolean>;
}
