/**
 * One simulator per describe block: started before its tests, stopped after
 * them, and (unless a block's tests build on each other's state) reset
 * before each test, so no test sees another's scripts, faults or requests.
 */
import { after, before, beforeEach } from 'node:test';
import { OllamaSimulator, type SimStartOptions } from '../../ollama-sim/simulator';

/** Registers the hooks; call the returned function inside a test to get the running simulator. */
export function useSimulator(options: SimStartOptions = {}, { resetEach = true }: { resetEach?: boolean } = {}): () => OllamaSimulator {
  let sim: OllamaSimulator | undefined;
  before(async () => {
    sim = await OllamaSimulator.start(options);
  });
  after(() => sim?.stop());
  if (resetEach) beforeEach(() => sim?.reset());
  return () => {
    if (!sim) throw new Error('useSimulator: the simulator is only there inside a test of the describe block that asked for it');
    return sim;
  };
}
