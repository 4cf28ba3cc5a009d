/** Offsets to zero-based lines as LSP counts them (`\r\n`, `\r` and `\n` each end one line). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
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
    const line = this.lineAt(offset);
    return { line, character: offset - (this.starts[line] ?? 0) };
  }

  offset(line: number, character: number): number {
    return (this.starts[Math.max(0, Math.min(line, this.starts.length - 1))] ?? 0) + character;
  }
}
