/**
 * Canonical form of a Modelfile (opt-in formatting): keywords upper case at
 * the start of the line, one space after the keyword and after a PARAMETER
 * name or MESSAGE role, no blanks after a value. Values are never
 * touched, and a file Ollama would not parse is left alone: an edit must not
 * change what Ollama reads.
 */
import type { ParsedModelfile, Span } from './syntax';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

export function formatModelfile(text: string, parsed: ParsedModelfile): TextEdit[] {
  if (parsed.errors.length) return [];
  const edits: TextEdit[] = [];
  const replace = (start: number, end: number, newText: string): void => {
    if (text.slice(start, end) !== newText) edits.push({ span: { start, end }, newText });
  };
  for (const ins of parsed.instructions) {
    const start = lineStart(text, ins.keyword.start);
    replace(start, ins.keyword.start, '');
    replace(ins.keyword.start, ins.keyword.end, ins.name.toUpperCase());
    if (ins.argument) {
      // Exactly one blank is what makes the argument (two would make an empty name): a tab becomes a space.
      replace(ins.keyword.end, ins.argument.span.start, ' ');
      if (ins.valueSpan.start > ins.argument.span.end) replace(ins.argument.span.end, ins.valueSpan.start, ' ');
    } else if (ins.valueSpan.start > ins.keyword.end) {
      replace(ins.keyword.end, ins.valueSpan.start, ' ');
    }
    // Ollama trims what follows a value on its line.
    let end = ins.valueSpan.end;
    while (end < text.length && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9)) end++;
    replace(ins.valueSpan.end, end, '');
  }
  return edits;
}
