/**
 * A small LRU of finished completions, for exact revisits: backspace then retype,
 * or the editor asking again at the same place. Keyed on what the model saw
 * (model, the tail of the prefix, the head of the suffix), not on the whole document.
 */

export const DEFAULT_CACHE_ENTRIES = 100;
/** Characters of prefix and suffix that make up a key: enough to tell contexts apart, cheap to hash. */
export const KEY_PREFIX_CHARS = 1500;
export const KEY_SUFFIX_CHARS = 300;

export class LruCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly capacity: number = DEFAULT_CACHE_ENTRIES) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache key of a completion context; `prefix`/`suffix` may be windows, only their ends are used. */
export function completionCacheKey(model: string, prefix: string, suffix: string): string {
  const head = suffix.length > KEY_SUFFIX_CHARS ? suffix.slice(0, KEY_SUFFIX_CHARS) : suffix;
  const tail = prefix.length > KEY_PREFIX_CHARS ? prefix.slice(prefix.length - KEY_PREFIX_CHARS) : prefix;
  // \u0000 cannot be typed into an editor buffer in practice, so the parts cannot run together.
  return `${model}\u0000${head}\u0000${tail}`;
}
