/**
 * The light bulb: Fix as a quick fix on errors and warnings, the rewrites as refactor.rewrite
 * actions on a selection (or anywhere when the user asks with Ctrl+.), Explain and Write
 * tests beside them. Each runs the same command as the menus, with the range as argument.
 */
import * as vscode from 'vscode';
import type { ActionArgs } from './target';

export const REWRITE_KIND = vscode.CodeActionKind.RefactorRewrite.append('unbound');
export const OTHER_KIND = vscode.CodeActionKind.Empty.append('unbound');

function action(title: string, kind: vscode.CodeActionKind, command: string, args: ActionArgs): vscode.CodeAction {
  const a = new vscode.CodeAction(title, kind);
  a.command = { title, command, arguments: [args] };
  return a;
}

export class UnboundCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, REWRITE_KIND, OTHER_KIND],
  };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const problems = context.diagnostics.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    if (problems.length > 0) {
      const lines = problems.map((d) => d.range).reduce((a, b) => a.union(b));
      const fix = action(
        problems.length === 1 ? 'Fix with Unbound' : `Fix ${problems.length} problems with Unbound`,
        vscode.CodeActionKind.QuickFix,
        'unbound.actions.fix',
        { uri: document.uri, range: new vscode.Range(lines.start.line, 0, lines.end.line, document.lineAt(lines.end.line).text.length) },
      );
      fix.diagnostics = problems;
      actions.push(fix);
    }
    // An empty range is the cursor: offer the rest only when asked (Ctrl+.), not as a light bulb on every line.
    if (range.isEmpty && context.triggerKind !== vscode.CodeActionTriggerKind.Invoke) return actions;
    const args: ActionArgs = { uri: document.uri, range };
    actions.push(
      action('Refactor with Unbound', REWRITE_KIND, 'unbound.actions.refactor', { ...args, instruction: '' }),
      action('Add documentation with Unbound', REWRITE_KIND, 'unbound.actions.document', args),
      action('Edit with Unbound…', REWRITE_KIND, 'unbound.actions.edit', args),
      action('Explain with Unbound', OTHER_KIND, 'unbound.actions.explain', args),
      action('Write tests with Unbound', OTHER_KIND, 'unbound.actions.writeTests', args),
    );
    if (context.only) return actions.filter((a) => a.kind && context.only?.contains(a.kind));
    return actions;
  }
}
