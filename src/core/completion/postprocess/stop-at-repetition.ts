/**
 * Small models loop: the same line again and again, a block of lines again and
 * again, the same shape of line with a new name each time until the token
 * budget runs out mid-line, or one line that repeats a piece of itself until
 * the budget runs out. Keep the first occurrence, drop the loop.
 */
import { isBlank } from './lines';

/** Identical lines in a row that make a loop. */
const SAME_LINE_RUN = 3;
/** Repeats of a block of lines that make a loop. */
const BLOCK_REPEATS = 3;
const MAX_BLOCK_LINES = 8;
/** Lines of one shape, ending in a cut-off line, that make a loop. */
const SHAPE_RUN = 4;

/**
 * How many of `lines` to keep before a loop. `cutOff`: the text ends where the
 * model stopped mid-way (its budget ran out), so a trailing run of same-shaped
 * lines ending in a partial one is a loop too. The first line starts at the
 * cursor: on an indented empty line it is compared with its indentation.
 */
export function repetitionEnd(lines: readonly string[], lineBefore: string, cutOff: boolean): number {
  if (lines.length < SAME_LINE_RUN) return lines.length;
  const full = isBlank(lineBefore) ? [lineBefore + lines[0], ...lines.slice(1)] : lines;
  return Math.min(sameLineLoop(full), blockLoop(full), cutOff ? shapeLoop(full) : full.length);
}

/** Repeats of one unit that make a line a runaway loop. */
const RUNAWAY_REPEATS = 8;
const MAX_UNIT_CHARS = 32;

/**
 * True when `line` ends in one unit of text repeated RUNAWAY_REPEATS times or
 * more, still repeating where it stops (`foo(foo(foo(…`, `a, a, a, a…`): the
 * model looped until its budget ran out. The unit holds a letter or digit, so a
 * `# -----` divider is not a loop.
 */
export function isRunawayLine(line: string): boolean {
  const text = line.trimEnd();
  for (let unit = 1; unit <= MAX_UNIT_CHARS && unit * RUNAWAY_REPEATS <= text.length; unit++) {
    // The run may end inside a unit: align on the last whole unit before a partial tail.
    for (let tail = 0; tail < unit; tail++) {
      const end = text.length - tail;
      const piece = text.slice(end - unit, end);
      if (!/[A-Za-z0-9]/.test(piece) || !piece.startsWith(text.slice(end))) continue;
      let repeats = 1;
      while (end - unit * (repeats + 1) >= 0 && text.slice(end - unit * (repeats + 1), end - unit * repeats) === piece) repeats++;
      if (repeats >= RUNAWAY_REPEATS) return true;
    }
  }
  return false;
}

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
