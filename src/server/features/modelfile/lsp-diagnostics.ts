/** Modelfile verdicts as LSP diagnostics: Ollama's words first, the way out after them. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Severity } from '../../../core/modelfile/validate';
import type { Analysis } from './analysis';

const severities: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
};

export function toLspDiagnostics(analysis: Analysis): Diagnostic[] {
  return analysis.diagnostics.map((d) => ({
    range: { start: analysis.lines.position(d.span.start), end: analysis.lines.position(Math.max(d.span.start, d.span.end)) },
    severity: severities[d.severity],
    source: d.stage === 'lint' ? 'unbound' : 'ollama',
    message: d.hint ? `${d.message}\n${d.hint}` : d.message,
  }));
}
