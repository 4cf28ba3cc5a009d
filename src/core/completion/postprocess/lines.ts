/** Line and indentation arithmetic shared by the filters. */

const TAB_WIDTH = 4;

/** Width of a line's leading whitespace, tabs counted as 4 columns. */
export function indentWidth(line: string): number {
  let width = 0;
  for (const ch of line) {
    if (ch === ' ') width++;
    else if (ch === '\t') width += TAB_WIDTH;
    else break;
  }
  return width;
}

/** `line` without as much of its leading whitespace as fits in `width` columns. */
export function dropIndent(line: string, width: number): string {
  let i = 0;
  let w = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
    const next = w + (line[i] === '\t' ? TAB_WIDTH : 1);
    if (next > width) break;
    w = next;
    i++;
  }
  return line.slice(i);
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** Lines joined back, with blank lines at the end removed. */
export function joinLines(lines: readonly string[]): string {
  let end = lines.length;
  while (end > 1 && isBlank(lines[end - 1])) end--;
  return lines.slice(0, end).join('\n');
}
