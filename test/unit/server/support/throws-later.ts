// A process guarded like the language server, that then fails the way the argument says.
import { guardProcess } from '../../../../src/server/process-guard';

guardProcess(process, (message) => process.stderr.write(`${message}\n`));
const how = process.argv[2];
if (how === 'throw') {
  setTimeout(() => {
    throw new Error('boom from a timer');
  }, 0);
} else {
  void Promise.reject(new Error('nobody awaited this'));
}
// Would keep running for a while if the guard let it.
setTimeout(() => process.stdout.write('still running\n'), 300);
