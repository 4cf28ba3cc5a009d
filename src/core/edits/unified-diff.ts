/**
 * Unified diffs from a model, applied to the original range. Models get the line
 * numbers in `@@ -12,7 +12,9 @@` wrong (or write `@@ ... @@`), so a hunk is placed by
 * its context and removed lines, nearest the line it names, never by the number alone.
 * A hunk that cannot be placed fails the whole diff: half a change is worse than none.
 */

type Op = { readonly kind: 'context' | 'remove' | 'add'; readonly text: string };

interface Hunk {
  /** 0-based line the header names, when it names one. */
  readonly near: number | undefined;
  /** Context and removed lines: what the hunk expects to find. */
  readonly before: readonly string[];
  readonly ops: readonly Op[];
}

const HUNK_HEADER = /^@@ (?:-(\d+)(?:,\d+)? \+\d+(?:,\d+)? )?.*@@/;
const FILE_HEADER = /^(?:--- |\+\+\+ |diff --git |index [0-9a-f]+\.\.)/;

/** Whether `text` is a unified diff: at least one hunk header, and only diff lines after it. */
export function looksLikeUnifiedDiff(text: string): boolean {
  const lines = text.replace(/\n+$/, '').split('\n');
  const first = lines.findIndex((l) => HUNK_HEADER.test(l));
  if (first < 0) return false;
  if (!lines.slice(0, first).every((l) => FILE_HEADER.test(l) || l.trim() === '')) return false;
  return lines.slice(first).every((l) => l === '' || HUNK_HEADER.test(l) || /^[ +\-\\]/.test(l));
}

function parseHunks(text: string): Hunk[] {
  const hunks: { near: number | undefined; before: string[]; ops: Op[] }[] = [];
  for (const line of text.replace(/\n+$/, '').split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      hunks.push({ near: header[1] !== undefined ? Math.max(0, Number(header[1]) - 1) : undefined, before: [], ops: [] });
      continue;
    }
    const hunk = hunks[hunks.length - 1];
    if (!hunk || FILE_HEADER.test(line) || line.startsWith('\\')) continue;
    const body = line.slice(1);
    // An empty line inside a hunk is a context line whose leading space an editor trimmed.
    if (line === '' || line.startsWith(' ')) {
      hunk.before.push(body);
      hunk.ops.push({ kind: 'context', text: body });
    } else if (line.startsWith('-')) {
      hunk.before.push(body);
      hunk.ops.push({ kind: 'remove', text: body });
    } else if (line.startsWith('+')) hunk.ops.push({ kind: 'add', text: body });
  }
  return hunks;
}

function matchesAt(lines: readonly string[], at: number, want: readonly string[], loose: boolean): boolean {
  if (at + want.length > lines.length) return false;
  return want.every((w, k) => {
    const have = lines[at + k] ?? '';
    return loose ? have.trim() === w.trim() : have.trimEnd() === w.trimEnd();
  });
}

function place(lines: readonly string[], hunk: Hunk, from: number): number | undefined {
  for (const loose of [false, true]) {
    const found: number[] = [];
    for (let at = from; at + hunk.before.length <= lines.length; at++) if (matchesAt(lines, at, hunk.before, loose)) found.push(at);
    if (found.length === 0) continue;
    const near = hunk.near ?? from;
    return found.reduce((best, at) => (Math.abs(at - near) < Math.abs(best - near) ? at : best));
  }
  return undefined;
}

/** The original with the diff applied, or undefined when a hunk does not fit it. */
export function applyUnifiedDiff(original: string, diff: string): string | undefined {
  const hunks = parseHunks(diff);
  if (hunks.length === 0) return undefined;
  const lines = original.split('\n');
  const out: string[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    const added = hunk.ops.filter((op) => op.kind === 'add').map((op) => op.text);
    if (hunk.before.length === 0) {
      // A pure insertion has no anchor but its number.
      if (hunk.near === undefined) return undefined;
      const at = Math.min(Math.max(hunk.near + 1, cursor), lines.length);
      out.push(...lines.slice(cursor, at), ...added);
      cursor = at;
      continue;
    }
    const at = place(lines, hunk, cursor);
    if (at === undefined) return undefined;
    out.push(...lines.slice(cursor, at));
    let k = at;
    for (const op of hunk.ops) {
      // Context keeps the original's line as it is (a loose match may differ in indentation).
      if (op.kind === 'context') out.push(lines[k++] ?? op.text);
      else if (op.kind === 'remove') k++;
      else out.push(op.text);
    }
    cursor = at + hunk.before.length;
  }
  out.push(...lines.slice(cursor));
  return out.join('\n');
}
