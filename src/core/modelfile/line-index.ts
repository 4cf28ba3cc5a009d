/**
 * Offsets to zero-based lines and LSP positions and back (`\r\n`, `\r` and `\n`
 * each end one line). Out-of-range input is clamped as
 * vscode-languageserver-textdocument clamps it: a position past a line's end
 * is that line's end, never a character of its line break or of the next line.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** Where each line's text ends, before its line break. */
  private readonly ends: number[] = [];
  private readonly length: number;

  constructor(text: string) {
    this.length = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.ends.push(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      this.starts.push(i + 1);
    }
    this.ends.push(text.length);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; character: number } {
    const at = Math.max(0, Math.min(offset, this.length));
    const line = this.lineAt(at);
    const start = this.starts[line] ?? 0;
    return { line, character: Math.min(at, this.ends[line] ?? at) - start };
  }

  offset(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.length;
    const start = this.starts[line] ?? 0;
    return start + Math.max(0, Math.min(character, (this.ends[line] ?? start) - start));
  }
}
