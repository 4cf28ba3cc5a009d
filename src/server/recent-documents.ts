/**
 * Remembers which open documents the user touched last (edited, opened, or
 * asked a completion in), so a completion can show the model a few related
 * files (repository-level FIM). Bounded in count and in text per file.
 */
import type { RelatedFile } from '../core/completion/api';

export interface RecentSource {
  readonly uri: string;
  readonly languageId: string;
  getText(): string;
}

interface Touch {
  /** Where the user last worked in it; the window sent is centred there. */
  offset: number;
}

export interface RecentDocumentsOptions {
  /** At most this many related files per request. */
  readonly maxFiles: number;
  /** At most this many characters from each related file. */
  readonly maxCharsPerFile: number;
}

export const defaultRecentOptions: RecentDocumentsOptions = { maxFiles: 3, maxCharsPerFile: 4000 };

const remembered = 32;

export class RecentDocuments {
  /** Insertion order is recency order: the last key is the most recent. */
  private readonly touches = new Map<string, Touch>();

  constructor(private readonly options: RecentDocumentsOptions = defaultRecentOptions) {}

  /** `offset` is where the user works; without it the last known place is kept (edits carry no position). */
  touch(uri: string, offset?: number): void {
    const known = this.touches.get(uri)?.offset ?? 0;
    this.touches.delete(uri);
    this.touches.set(uri, { offset: offset ?? known });
    if (this.touches.size > remembered) {
      const oldest = this.touches.keys().next().value;
      if (oldest !== undefined) this.touches.delete(oldest);
    }
  }

  forget(uri: string): void {
    this.touches.delete(uri);
  }

  /** The most recently touched other documents, newest first, each cut to a window around where the user worked. */
  related(exceptUri: string, lookup: (uri: string) => RecentSource | undefined, pathOf: (uri: string) => string): RelatedFile[] {
    const out: RelatedFile[] = [];
    const uris = [...this.touches.keys()].reverse();
    for (const uri of uris) {
      if (out.length >= this.options.maxFiles) break;
      if (uri === exceptUri) continue;
      const doc = lookup(uri);
      const touch = this.touches.get(uri);
      if (!doc || !touch) continue;
      out.push({ path: pathOf(uri), languageId: doc.languageId, text: windowAround(doc.getText(), touch.offset, this.options.maxCharsPerFile) });
    }
    return out;
  }
}

/** At most `max` characters of `text` around `offset`, cut at line boundaries so the model sees whole lines. */
export function windowAround(text: string, offset: number, max: number): string {
  if (text.length <= max) return text;
  const centre = Math.min(Math.max(0, offset), text.length);
  let start = Math.max(0, Math.min(centre - Math.floor(max / 2), text.length - max));
  let end = start + max;
  if (start > 0) {
    const nl = text.indexOf('\n', start);
    if (nl >= 0 && nl < end) start = nl + 1;
  }
  if (end < text.length) {
    const nl = text.lastIndexOf('\n', end);
    if (nl > start) end = nl + 1;
  }
  return text.slice(start, end);
}
