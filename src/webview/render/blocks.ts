/**
 * Where a streaming answer can be cut into blocks that render the same apart as
 * together: at a blank line outside a code fence, when the next line starts a
 * new top-level block (not a list item, which could continue a loose list, and
 * not indented, which could be a continuation or indented code). Decided from
 * the text alone, line by line, so it does not depend on how the answer was
 * chunked, and each line is looked at once.
 */

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
/** A lazy continuation or a reference definition would bind across the cut. */
const CONTINUES = /^(?:[ \t]|\[|>)/;

export class BlockSplitter {
  /** Finished blocks, kept only to give the whole text back (`all`). */
  private readonly finished: string[] = [];
  /**
   * The open block, from its first line to the end of what arrived. Only this is searched and
   * sliced per chunk: holding the whole answer in one growing string would make every chunk
   * cost the length of the answer (V8 flattens a concatenated string to search it).
   */
  private open = '';
  /** Start (in `open`) of the first line not looked at yet. */
  private scanned = 0;
  private fence: { readonly char: string; readonly length: number } | undefined;
  private sawBlank = false;

  /** Adds text; returns the blocks finished by it. */
  push(chunk: string): string[] {
    this.open += chunk;
    const done: string[] = [];
    for (;;) {
      const nl = this.open.indexOf('\n', this.scanned);
      if (nl < 0) break;
      const line = this.open.slice(this.scanned, nl);
      const start = this.scanned;
      this.scanned = nl + 1;
      if (this.startsBlock(line, start)) {
        const block = this.open.slice(0, start);
        this.finished.push(block);
        done.push(block);
        this.open = this.open.slice(start);
        this.scanned -= start;
      }
    }
    return done;
  }

  /** The text of the open block. */
  get tail(): string {
    return this.open;
  }

  get all(): string {
    return this.finished.join('') + this.open;
  }

  /** Whether `line`, starting at `start` of the open block, begins a new block; tracks fences. */
  private startsBlock(line: string, start: number): boolean {
    if (this.fence) {
      const m = FENCE.exec(line);
      if (m?.[1] && m[1][0] === this.fence.char && m[1].length >= this.fence.length && line.trim() === m[1]) this.fence = undefined;
      return false;
    }
    if (line.trim() === '') {
      this.sawBlank = start > 0;
      return false;
    }
    const cut = this.sawBlank && !LIST_ITEM.test(line) && !CONTINUES.test(line);
    this.sawBlank = false;
    const m = FENCE.exec(line);
    if (m?.[1]) this.fence = { char: m[1][0] ?? '`', length: m[1].length };
    return cut;
  }
}
