/**
 * Fenced code blocks by the CommonMark rules (spec 0.31, section 4.5 "Fenced code blocks"):
 * - an opening fence is at least three backticks or tildes; a backtick fence's info string
 *   holds no backtick;
 * - the closing fence uses the same character, is at least as long as the opening one and
 *   has nothing but spaces after it, so a ```` fence can hold ``` lines;
 * - a fence still open at the end of the text runs to the end (a model cut off mid-block);
 * - content lines lose as much indentation as the opening fence had.
 * Departure: the opening fence may be indented more than three spaces, because models nest
 * fences in list items ("1. Replace it with:\n   ```ts"), whose container indentation this
 * scanner does not track.
 */

export interface FencedBlock {
  /** First word of the info string (`python` in ```` ```python title="x" ````), lower-cased; '' when none. */
  readonly language: string;
  readonly content: string;
  /** False when the text ended before a closing fence. */
  readonly closed: boolean;
  /** Line index of the opening fence. */
  readonly startLine: number;
}

export interface ScannedMarkdown {
  readonly blocks: readonly FencedBlock[];
  /** The lines outside every block (prose), joined. */
  readonly prose: string;
}

const OPENING = /^([ \t]*)(`{3,}|~{3,})(.*)$/;

export function scanFences(text: string): ScannedMarkdown {
  const lines = text.split('\n');
  const blocks: FencedBlock[] = [];
  const prose: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const open = OPENING.exec(line);
    const info = open?.[3] ?? '';
    if (!open || (open[2]?.startsWith('`') && info.includes('`'))) {
      prose.push(line);
      i++;
      continue;
    }
    const indent = (open[1] ?? '').length;
    const marker = open[2] ?? '```';
    const closing = new RegExp(`^[ \\t]{0,${indent + 3}}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
    const body: string[] = [];
    let j = i + 1;
    let closed = false;
    for (; j < lines.length; j++) {
      const inner = lines[j] ?? '';
      if (closing.test(inner)) {
        closed = true;
        break;
      }
      body.push(removeIndent(inner, indent));
    }
    blocks.push({ language: (info.trim().split(/[\s{]/)[0] ?? '').toLowerCase(), content: body.join('\n'), closed, startLine: i });
    i = closed ? j + 1 : j;
  }
  return { blocks, prose: prose.join('\n') };
}

function removeIndent(line: string, indent: number): string {
  let n = 0;
  while (n < indent && (line[n] === ' ' || line[n] === '\t')) n++;
  return line.slice(n);
}
