/** The outline: one symbol per instruction, named as written in canonical case. */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { InstructionName } from '../../../core/modelfile/syntax';
import type { Analysis } from './analysis';

const kinds: Readonly<Record<InstructionName, SymbolKind>> = {
  from: SymbolKind.Package,
  parameter: SymbolKind.Property,
  template: SymbolKind.Function,
  system: SymbolKind.String,
  adapter: SymbolKind.Module,
  license: SymbolKind.File,
  message: SymbolKind.Event,
  requires: SymbolKind.Constant,
  renderer: SymbolKind.Function,
  parser: SymbolKind.Function,
  draft: SymbolKind.Module,
};

function summary(value: string): string {
  const line = value.trim().split(/\r\n|\r|\n/)[0] ?? '';
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function modelfileSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.parsed.instructions.map((ins) => ({
    name: `${ins.name.toUpperCase()}${ins.argument?.text ? ` ${ins.argument.text}` : ''}`,
    detail: summary(ins.value),
    kind: kinds[ins.name],
    range: { start: analysis.lines.position(ins.span.start), end: analysis.lines.position(ins.span.end) },
    selectionRange: { start: analysis.lines.position(ins.keyword.start), end: analysis.lines.position(ins.argument?.span.end ?? ins.keyword.end) },
  }));
}
