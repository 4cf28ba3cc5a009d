/**
 * Telling a model's prose from code in an answer that has no fence. Only lines at the
 * edges of the answer are judged ("Here is the refactored function:" before, "This
 * version avoids..." after); lines in between stay, so comments and docstrings survive.
 */

const HEADING = /^#{2,6}\s+[A-Z*]/;
const BULLET = /^(?:[-*+]|\d+[.)])\s+/;
const LETTERS_AND_SPACES = /[A-Za-z\s'",]/g;

function sentenceLike(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  if (!/^[A-Z]/.test(text) || words.length < 3) return false;
  if (/[.:!?]\**$/.test(text) && !/[;{}]$/.test(text)) return !/^[A-Z]\w*(?:\.\w+)*\(/.test(text);
  const ratio = (text.match(LETTERS_AND_SPACES)?.length ?? 0) / text.length;
  return words.length >= 5 && ratio >= 0.92;
}

export function isProseLine(line: string): boolean {
  const raw = line.trim();
  // Bold text ("**Refactored:**") is markdown; no language starts and ends a line with `**`.
  if (/^\*\*[^*].*\*\*:?$/.test(raw)) return true;
  const text = raw.replace(/^\*\*|\*\*$/g, '');
  if (text === '') return false;
  if (HEADING.test(text)) return true;
  const bullet = BULLET.exec(text);
  return sentenceLike(bullet ? text.slice(bullet[0].length) : text);
}

/** Something in the line only code has: brackets, operators, statement ends, a keyword shape. */
export function isCodeLike(line: string): boolean {
  const text = line.trim();
  if (text === '' || isProseLine(line)) return false;
  return /[(){}[\];=<>]|^(?:#|\/\/|\/\*|\*|--|import |from |package |use |return\b|pass$|\.\.\.$)/.test(text) || /^[a-z_][\w.]*(?:\s+[\w.]+){0,3}:?$/.test(text);
}

/** The text without prose lines (and blank lines) at its start and end. */
export function trimProseEdges(text: string): string {
  const lines = text.split('\n');
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start]?.trim() === '' || isProseLine(lines[start] ?? ''))) start++;
  while (end > start && (lines[end - 1]?.trim() === '' || isProseLine(lines[end - 1] ?? ''))) end--;
  return lines.slice(start, end).join('\n');
}
