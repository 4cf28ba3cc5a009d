/** The template variables for an action, read from the editor. */
import * as vscode from 'vscode';
import { docConvention } from '../../core/edits/doc-conventions';
import type { PromptVariables } from '../../core/edits/templates';
import type { ActionTarget } from './target';

const SEVERITY: Readonly<Record<number, string>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** Errors and warnings that touch the range, as the prompt lists them. */
export function diagnosticsIn(document: vscode.TextDocument, range: vscode.Range): vscode.Diagnostic[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    .filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning && d.range.intersection(range) !== undefined);
}

export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string {
  return diagnostics
    .map((d) => `line ${d.range.start.line + 1} ${SEVERITY[d.severity] ?? 'problem'}${d.source ? ` (${d.source})` : ''}: ${d.message.split('\n')[0]}`)
    .join('\n');
}

function surrounding(document: vscode.TextDocument, range: vscode.Range, lines: number): string {
  if (lines === 0) return '';
  const above = document.getText(new vscode.Range(Math.max(0, range.start.line - lines), 0, range.start.line, 0));
  const belowStart = Math.min(document.lineCount - 1, range.end.line + 1);
  const belowEnd = Math.min(document.lineCount - 1, range.end.line + lines);
  const below = range.end.line + 1 < document.lineCount ? document.getText(new vscode.Range(belowStart, 0, belowEnd, document.lineAt(belowEnd).text.length)) : '';
  const parts = [above.replace(/\s+$/, ''), below.replace(/\s+$/, '')].filter((p) => p.trim() !== '');
  return parts.length === 2 ? `${parts[0]}\n…\n${parts[1]}` : parts.join('');
}

export function fileLabel(document: vscode.TextDocument): string {
  return document.isUntitled ? document.uri.path : vscode.workspace.asRelativePath(document.uri, false);
}

export function promptVariables(
  target: ActionTarget,
  extra: { readonly instruction?: string; readonly contextLines: number; readonly testFramework?: string },
): PromptVariables {
  const { document, range } = target;
  return {
    language: document.languageId,
    fileName: fileLabel(document),
    selection: document.getText(range).replace(/\r\n/g, '\n'),
    diagnostics: describeDiagnostics(diagnosticsIn(document, range)),
    surroundingCode: surrounding(document, range, extra.contextLines).replace(/\r\n/g, '\n'),
    instruction: extra.instruction ?? '',
    docStyle: docConvention(document.languageId),
    testFramework: extra.testFramework ?? '',
  };
}
