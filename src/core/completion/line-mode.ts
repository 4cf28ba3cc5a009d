/**
 * Whether a completion at the cursor is one line or a block. Decided once per
 * request, so the generation (which stops early for one line) and the
 * post-processing (which truncates) agree.
 */
import type { TextSnapshot } from './api';
import type { MultilineMode } from '../settings';
import { onlyClosersAfter } from './postprocess/cursor';
import { indentWidth } from './postprocess/lines';

export type LineMode = 'single' | 'multi';

/** How far to look back for the start of the cursor's line. */
const MAX_LINE_CHARS = 400;

/** Text that opens a block when it ends the line before the cursor. */
const BLOCK_OPENER = /(?:[{:]|=>|\bdo|\bthen|\belse)\s*$/;

export function lineModeAt(document: TextSnapshot, offset: number, setting: MultilineMode): LineMode {
  switch (setting) {
    case 'always':
      return 'multi';
    case 'never':
      return 'single';
    case 'auto':
      return autoLineMode(document, offset);
    default: {
      const unreachable: never = setting;
      return unreachable;
    }
  }
}

/** The cursor's line up to the cursor (at most MAX_LINE_CHARS of it). */
function lineBeforeCursor(document: TextSnapshot, offset: number): string {
  const before = document.slice(Math.max(0, offset - MAX_LINE_CHARS), offset);
  return before.slice(before.lastIndexOf('\n') + 1);
}

/** The cursor's line after the cursor (at most MAX_LINE_CHARS of it). */
function lineAfterCursor(document: TextSnapshot, offset: number): string {
  const after = document.slice(offset, Math.min(document.length, offset + MAX_LINE_CHARS));
  const lineEnd = after.indexOf('\n');
  return lineEnd < 0 ? after : after.slice(0, lineEnd);
}

function autoLineMode(document: TextSnapshot, offset: number): LineMode {
  // Text after the cursor other than closing brackets: the user is editing inside a line.
  if (!onlyClosersAfter(lineAfterCursor(document, offset))) return 'single';
  const lineBefore = lineBeforeCursor(document, offset);
  if (lineBefore.trim() === '') return 'multi';
  return BLOCK_OPENER.test(lineBefore) ? 'multi' : 'single';
}

/** The settings value post-processing gets for a decided mode. */
export function multilineSetting(mode: LineMode): MultilineMode {
  return mode === 'multi' ? 'always' : 'never';
}

/**
 * The indentation below which a line ends a multi-line completion at the cursor:
 * after a block opener (`def f():`, `if (x) {`) the body is deeper than the opener's
 * line, so a line back at that level ends it; on a blank line the user is writing
 * statements at the cursor's level, so only a line that dedents ends it.
 */
export function blockIndentAt(document: TextSnapshot, offset: number): number {
  const lineBefore = lineBeforeCursor(document, offset);
  const indent = indentWidth(lineBefore);
  return lineBefore.trim() === '' ? indent : indent + 1;
}

/** True when nothing but blanks follows the cursor on its line. */
export function atLineEnd(document: TextSnapshot, offset: number): boolean {
  return lineAfterCursor(document, offset).trim() === '';
}
