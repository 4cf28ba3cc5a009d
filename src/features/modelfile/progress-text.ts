/** One line of progress for the create notification, and how far along it is (0-100) when that is known. */
import type { ForgeProgress } from '../../core/modelfile/forge';
import { formatBytes } from '../../core/models/units';

export function progressText(p: ForgeProgress): { readonly text: string; readonly percent?: number } {
  const percent = (done: number, total: number) => (total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : undefined);
  switch (p.kind) {
    case 'hashing':
      return { text: `Hashing ${p.file}`, ...withPercent(percent(p.done, p.total)) };
    case 'uploading':
      return { text: `Uploading ${p.file} (${formatBytes(p.sent)} of ${formatBytes(p.total)})`, ...withPercent(percent(p.sent, p.total)) };
    case 'present':
      return { text: `${p.file} is on the server already` };
    case 'status': {
      const { status, completed, total } = p.progress;
      return { text: status, ...withPercent(completed !== undefined && total !== undefined ? percent(completed, total) : undefined) };
    }
    default: {
      const never: never = p;
      throw new Error(`unknown progress ${JSON.stringify(never)}`);
    }
  }
}

function withPercent(percent: number | undefined): { percent?: number } {
  return percent === undefined ? {} : { percent };
}
