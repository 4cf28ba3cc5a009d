/**
 * What the filters know about where the completion goes: the cursor's line around
 * it and the lines after it, derived once from the window.
 */
import type { MultilineMode } from '../../settings';
import { hasThinkTag } from '../../reasoning/strip';
import type { PostprocessContext } from '../api';
import { scanBrackets, type ScanState } from './brackets';
import { languageTraits, type LanguageTraits } from './language';

/** Lines of the suffix the filters look at (duplicates are only ever near the cursor). */
const SUFFIX_LINES = 20;
const SUFFIX_SCAN_CHARS = 4000;

export interface CursorContext {
  readonly prefix: string;
  readonly suffix: string;
  readonly languageId: string;
  readonly multiline: MultilineMode;
  readonly lang: LanguageTraits;
  /** The cursor's line up to the cursor. */
  readonly lineBefore: string;
  /** The cursor's line after the cursor. */
  readonly lineAfter: string;
  /** Lines after the cursor's line (at most SUFFIX_LINES). */
  readonly nextLines: readonly string[];
  /** Brackets the prefix left open and whether the cursor is in a string or comment. */
  readonly prefixState: ScanState;
  /** The code around the cursor handles reasoning tags: a `</think>` in the answer may be code (see holdsReasoning). */
  readonly codeHasThinkTags: boolean;
  /** The cursor is inside a markdown fence the prefix opened (a docstring example): fences are content. */
  readonly inFence: boolean;
}

export function cursorContext(ctx: PostprocessContext): CursorContext {
  const lineStart = ctx.prefix.lastIndexOf('\n') + 1;
  const head = ctx.suffix.slice(0, SUFFIX_SCAN_CHARS);
  const lineEnd = head.indexOf('\n');
  const lineAfter = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const nextLines = lineEnd < 0 ? [] : head.slice(lineEnd + 1).split('\n').slice(0, SUFFIX_LINES);
  const lang = languageTraits(ctx.languageId);
  return {
    prefix: ctx.prefix,
    suffix: ctx.suffix,
    languageId: ctx.languageId,
    multiline: ctx.multiline,
    lang,
    lineBefore: ctx.prefix.slice(lineStart),
    lineAfter,
    nextLines,
    prefixState: scanBrackets(ctx.prefix, lang).state,
    codeHasThinkTags: hasThinkTag(ctx.prefix) || hasThinkTag(ctx.suffix),
    inFence: ctx.languageId === 'markdown' || (ctx.prefix.match(/^[ \t]*```/gm)?.length ?? 0) % 2 === 1,
  };
}

/** Only closing brackets, quotes, `;`, `,`, `>` and `/` after the cursor: characters an editor auto-closes. */
export function onlyClosersAfter(lineAfter: string): boolean {
  return /^[\s)\]}>"'`;,/]*$/.test(lineAfter);
}

/** The first non-blank line after the cursor's line, if any. */
export function nextNonBlankLine(cursor: CursorContext): string | undefined {
  return cursor.nextLines.find((l) => l.trim() !== '');
}
