/**
 * The extracted code made to sit where the original was: models return a method
 * dedented to column 0, or with spaces where the file uses tabs; the document's line
 * endings and the range's trailing line break are kept.
 */

const LEADING = /^[ \t]*/;

function leading(line: string): string {
  return LEADING.exec(line)?.[0] ?? '';
}

function nonBlank(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

/** The step between indentation levels in spaces (2, 4...), guessed from the widths used. */
function indentUnit(lines: readonly string[]): number {
  const widths = [...new Set(lines.map((l) => leading(l)).filter((w) => w !== '' && !w.includes('\t')).map((w) => w.length))].sort((a, b) => a - b);
  let unit = 0;
  for (const w of widths) unit = gcd(unit, w);
  return unit >= 2 ? unit : widths.length > 0 ? Math.max(1, unit) : 4;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function minIndent(lines: readonly string[]): number {
  return lines.length === 0 ? 0 : Math.min(...lines.map((l) => leading(l).length));
}

function convertIndentStyle(code: string, toTabs: boolean, spacesPerLevel: number): string {
  return code
    .split('\n')
    .map((line) => {
      const lead = leading(line);
      if (lead === '') return line;
      const rest = line.slice(lead.length);
      if (toTabs) {
        const width = lead.replace(/\t/g, ' '.repeat(spacesPerLevel)).length;
        return '\t'.repeat(Math.floor(width / spacesPerLevel)) + ' '.repeat(width % spacesPerLevel) + rest;
      }
      return lead.replace(/\t/g, ' '.repeat(spacesPerLevel)) + rest;
    })
    .join('\n');
}

/** Shifts `code` so its least indented line starts where the original's did, in the original's style. */
export function rebaseIndentation(code: string, original: string): string {
  const originalLines = nonBlank(original);
  const codeLines = nonBlank(code);
  if (originalLines.length === 0 || codeLines.length === 0) return code;
  const originalTabs = originalLines.some((l) => leading(l).startsWith('\t'));
  const codeTabs = codeLines.some((l) => leading(l).startsWith('\t'));
  let styled = code;
  if (originalTabs && !codeTabs) styled = convertIndentStyle(code, true, indentUnit(codeLines));
  else if (!originalTabs && codeTabs) styled = convertIndentStyle(code, false, indentUnit(originalLines));
  const base = leading(originalLines.reduce((a, b) => (leading(b).length < leading(a).length ? b : a)));
  const shift = minIndent(nonBlank(styled));
  return styled
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : base + line.slice(Math.min(shift, leading(line).length))))
    .join('\n');
}

/** The code with the document's line ending, ending in a line break exactly when the original did. */
export function matchLineEndings(code: string, original: string, eol: '\n' | '\r\n'): string {
  const body = code.replace(/\r\n?/g, '\n').replace(/\n+$/, '');
  const trailing = /\r?\n$/.test(original);
  const joined = eol === '\n' ? body : body.replace(/\n/g, '\r\n');
  return trailing ? joined + eol : joined;
}

/** Both steps, as the actions apply them. */
export function fitToRange(code: string, original: string, eol: '\n' | '\r\n'): string {
  return matchLineEndings(rebaseIndentation(code.replace(/\r\n?/g, '\n'), original.replace(/\r\n?/g, '\n')), original, eol);
}
