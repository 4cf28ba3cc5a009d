/**
 * Rewrites that leave code out: "// ... rest unchanged", "# ... existing code ...",
 * "/* other methods stay the same *\/". Applied as is, they would delete what they
 * stand for, so the user is asked before Accept. A line the original already had is
 * the user's own comment, not an elision.
 */

export interface Elision {
  /** 0-based line in the rewrite. */
  readonly line: number;
  readonly text: string;
}

const COMMENT = /^\s*(?:\/\/+|#+|\/\*+|\*|<!--|--|;+|%|'|rem\s)\s*(.*?)\s*(?:\*\/|-->)?\s*$/i;
const ELLIPSIS = /\.{3}|…/;
const WORDS =
  /\b(?:rest|remaining|existing|unchanged|same|as before|omitted|previous|other|more|etc|code here|implementation|remains|stays|keep|kept|untouched|as is|goes here|here)\b/i;
const PHRASES = /\b(?:rest of (?:the )?(?:code|file|function|class|method|implementation)|remain(?:s|ing)? (?:the )?(?:same|unchanged)|(?:code|methods?|functions?|lines?) (?:omitted|unchanged)|omitted for brevity|existing code|same as before|no changes? (?:below|above|here))\b/i;

/**
 * A bare `...` line is Python's Ellipsis (a stub body), so it counts only outside
 * Python; `…` is never code.
 */
export function findElisions(rewrite: string, original: string, languageId = ''): Elision[] {
  const own = new Set(original.split(/\r?\n/).map((l) => l.trim()));
  const found: Elision[] = [];
  rewrite.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || own.has(trimmed)) return;
    const comment = COMMENT.exec(line);
    const body = comment?.[1] ?? '';
    const elided = comment ? (ELLIPSIS.test(body) && (WORDS.test(body) || body.replace(/[.…\s]/g, '') === '')) || PHRASES.test(body) : trimmed === '…' || (trimmed === '...' && languageId !== 'python');
    if (elided) found.push({ line: index, text: trimmed });
  });
  return found;
}
