/**
 * Whether a path exists, as found at most `maxAgeMs` ago. The Modelfile language
 * server validates on every keystroke, and each validation asks after every FROM
 * and ADAPTER path: without this, each keystroke is a synchronous stat per path.
 *
 * Keyed by resolved path with an age limit rather than by document version:
 * every keystroke is a new version, so a per-version answer would ask the disk
 * just as often. Two seconds: a file the user copies or downloads into place
 * is then reported at the first edit after it appeared, while a burst of typing
 * asks the disk about each path once. Bounded, oldest first, because typing a
 * path letter by letter asks after each of its prefixes.
 */
import type { Clock } from '../clock';

export const EXISTENCE_MAX_AGE_MS = 2_000;
export const EXISTENCE_MAX_ENTRIES = 64;

export class RecentExistence {
  private readonly answers = new Map<string, { readonly exists: boolean; readonly at: number }>();

  constructor(
    private readonly exists: (path: string) => boolean,
    private readonly clock: Pick<Clock, 'now'>,
    private readonly maxAgeMs = EXISTENCE_MAX_AGE_MS,
    private readonly maxEntries = EXISTENCE_MAX_ENTRIES,
  ) {}

  has(path: string): boolean {
    const now = this.clock.now();
    const known = this.answers.get(path);
    if (known && now - known.at < this.maxAgeMs) return known.exists;
    const exists = this.exists(path);
    // Re-inserted so the Map's order stays oldest answer first.
    this.answers.delete(path);
    this.answers.set(path, { exists, at: now });
    if (this.answers.size > this.maxEntries) {
      const oldest = this.answers.keys().next();
      if (!oldest.done) this.answers.delete(oldest.value);
    }
    return exists;
  }
}
