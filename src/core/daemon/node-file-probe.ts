import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { FileProbe } from './find-binary';

/** The real file checks; extension.ts passes this, tests may pass a fake tree. */
export const nodeFileProbe: FileProbe = {
  async exists(file) {
    try {
      await stat(file);
      return true;
    } catch {
      return false;
    }
  },
  async isExecutable(file) {
    try {
      const info = await stat(file);
      if (!info.isFile()) return false;
      // Windows has no execute bit: a file that exists is runnable if its extension says so.
      if (process.platform === 'win32') return /\.(exe|cmd|bat|com)$/i.test(file);
      await access(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};
