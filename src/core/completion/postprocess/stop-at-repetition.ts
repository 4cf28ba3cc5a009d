/**
 * Small models loop: the same line again and again, a block of lines again and
 * again, or the same shape of line with a new name each time until the token
 * budget runs out mid-line. Keep the first occurrence, drop the loop.
 */
import type { Filter } from './filter';
import { isBlank, joinLines } from './lines';

/** Identical lines in a row that make a loop. */
const SAME_LINE_RUN = 3;
/** Repeats of a block of lines that make a loop. */
const BLOCK_REPEATS = 3;
const MAX_BLOCK_LINES = 8;
/** Lines of one shape, ending in a cut-off line, that make a loop. */
const SHAPE_RUN = 4;

export const stopAtRepetition: Filter = {
  name: 'stop-at-repetition',
  apply(draft, cursor) {
    const lines = draft.text.split('\n');
    if (lines.length < SAME_LINE_RUN) return draft;
    // The first line starts at the cursor: on an indented empty line, compare it with its indentation.
    const full = isBlank(cursor.lineBefore) ? [cursor.lineBefore + lines[0], ...lines.slice(1)] : lines;
    const keep = Math.min(sameLineLoop(full), blockLoop(full), shapeLoop(full));
    if (keep >= lines.length) return draft;
    return { ...draft, text: joinLines(lines.slice(0, keep)) };
  },
};

/** Lines to keep when one non-blank line repeats SAME_LINE_RUN times in a row. */
function sameLineLoop(lines: readonly string[]): number {
  for (let i = 0; i + SAME_LINE_RUN <= lines.length; i++) {
    if (isBlank(lines[i])) continue;
    let n = 1;
    while (i + n < lines.length && lines[i + n] === lines[i]) n++;
    if (n >= SAME_LINE_RUN) return i + 1;
  }
  return lines.length;
}

/** Lines to keep when a block of 2..MAX_BLOCK_LINES lines repeats BLOCK_REPEATS times. */
function blockLoop(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    for (let size = 2; size <= MAX_BLOCK_LINES && i + size * BLOCK_REPEATS <= lines.length; size++) {
      const block = lines.slice(i, i + size);
      if (block.every(isBlank)) continue;
      let repeats = 1;
      while (repeats < BLOCK_REPEATS && sameLines(block, lines, i + size * repeats)) repeats++;
      if (repeats >= BLOCK_REPEATS) return i + size;
    }
  }
  return lines.length;
}

function sameLines(block: readonly string[], lines: readonly string[], at: number): boolean {
  return block.every((line, k) => lines[at + k] === line);
}

/**
 * A line's shape: names, numbers and strings replaced by placeholders, so
 * `const b = 1;` and `const c = 2;` have the same shape.
 */
function shape(line: string): string {
  return line
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, 'S')
    .replace(/\b\d+(?:\.\d+)?\b/g, 'N')
    .replace(/[A-Za-z_$][\w$]*/g, 'I')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Lines to keep when the output ends in a run of SHAPE_RUN same-shaped lines whose
 * last line is cut off (a strict start of the shape): the model was still looping
 * when the budget ran out. A complete run is left alone (a list of fields is fine).
 */
function shapeLoop(lines: readonly string[]): number {
  const last = lines[lines.length - 1];
  if (isBlank(last)) return lines.length;
  const body = lines.slice(0, -1);
  const runShape = shape(body[body.length - 1] ?? '');
  const lastShape = shape(last);
  if (runShape === '' || lastShape === runShape || !runShape.startsWith(lastShape)) return lines.length;
  let start = body.length - 1;
  while (start > 0 && shape(body[start - 1]) === runShape) start--;
  const run = body.length - start + 1;
  return run >= SHAPE_RUN ? start + 1 : lines.length;
}
