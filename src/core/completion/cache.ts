/**
 * A small LRU of finished completions, for exact revisits: backspace then retype,
 * or the editor asking again at the same place. Keyed on what the model saw
 * (model, the tail of the prefix, the head of the suffix), not on the whole document.
 * Bounded by count and by size: a value holds what a server sent, which can be anything.
 */

export const DEFAULT_CACHE_ENTRIES = 100;
/** Characters of keys and values kept in all (a few MB of memory). */
export const DEFAULT_CACHE_CHARS = 2_000_000;

export interface LruOptions<V> {
  readonly maxEntries?: number;
  readonly maxChars?: number;
  /** The size of a value in characters; by default the length of its JSON. */
  readonly charsOf?: (value: V) => number;
}

function jsonChars(value: unknown): number {
  return JSON.stringify(value)?.length ?? 0;
}
/** Characters of prefix and suffix that make up a key: enough to tell contexts apart, cheap to hash. */
export const KEY_PREFIX_CHARS = 1500;
export const KEY_SUFFIX_CHARS = 300;

interface Entry<V> {
  readonly value: V;
  readonly chars: number;
}

export class LruCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private readonly capacity: number;
  private readonly maxChars: number;
  private readonly charsOf: (value: V) => number;
  private chars = 0;

  /** A number is the entry count alone (the size limit stays the default). */
  constructor(options: number | LruOptions<V> = {}) {
    const o: LruOptions<V> = typeof options === 'number' ? { maxEntries: options } : options;
    this.capacity = o.maxEntries ?? DEFAULT_CACHE_ENTRIES;
    this.maxChars = o.maxChars ?? DEFAULT_CACHE_CHARS;
    this.charsOf = o.charsOf ?? jsonChars;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V): void {
    this.remove(key);
    const chars = key.length + this.charsOf(value);
    // Larger than the whole cache: keeping it would evict everything else for one entry.
    if (chars > this.maxChars) return;
    this.entries.set(key, { value, chars });
    this.chars += chars;
    while (this.entries.size > this.capacity || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.chars -= entry.chars;
  }
}

/** The cache key of a completion context; `prefix`/`suffix` may be windows, only their ends are used. */
export function completionCacheKey(model: string, prefix: string, suffix: string): string {
  const head = suffix.length > KEY_SUFFIX_CHARS ? suffix.slice(0, KEY_SUFFIX_CHARS) : suffix;
  const tail = prefix.length > KEY_PREFIX_CHARS ? prefix.slice(prefix.length - KEY_PREFIX_CHARS) : prefix;
  // \u0000 cannot be typed into an editor buffer in practice, so the parts cannot run together.
  return `${model}\u0000${head}\u0000${tail}`;
}
