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
  private text = '';
  /** Start of the first line not looked at yet. */
  private scanned = 0;
  /** Start of the open (unfinished) block. */
  private blockStart = 0;
  private fence: { readonly char: string; readonly length: number } | undefined;
  private sawBlank = false;

  /** Adds text; returns the blocks finished by it. */
  push(chunk: string): string[] {
    this.text += chunk;
    const done: string[] = [];
    for (;;) {
      const nl = this.text.indexOf('\n', this.scanned);
      if (nl < 0) break;
      const line = this.text.slice(this.scanned, nl);
      const start = this.scanned;
      this.scanned = nl + 1;
      const cut = this.line(line, start);
      if (cut !== undefined) done.push(cut);
    }
    return done;
  }

  /** The text of the open block. */
  get tail(): string {
    return this.text.slice(this.blockStart);
  }

  get all(): string {
    return this.text;
  }

  private line(line: string, start: number): string | undefined {
    if (this.fence) {
      const m = FENCE.exec(line);
      if (m?.[1] && m[1][0] === this.fence.char && m[1].length >= this.fence.length && line.trim() === m[1]) this.fence = undefined;
      return undefined;
    }
    if (line.trim() === '') {
      this.sawBlank = start > this.blockStart;
      return undefined;
    }
    let cut: string | undefined;
    if (this.sawBlank && !LIST_ITEM.test(line) && !CONTINUES.test(line)) {
      cut = this.text.slice(this.blockStart, start);
      this.blockStart = start;
    }
    this.sawBlank = false;
    const m = FENCE.exec(line);
    if (m?.[1]) this.fence = { char: m[1][0] ?? '`', length: m[1].length };
    return cut;
  }
}
