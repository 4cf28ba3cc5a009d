/**
 * The VS Code side of Modelfiles: the commands. Diagnostics, completion,
 * hover, outline and formatting come from the language server (so other
 * editors get them too).
 */
import * as vscode from 'vscode';
import type { ModelService } from '../../core/models/model-service';
import type { UnboundContext } from '../context';
import { createFromModelfile } from './create-command';
import { newVariant, openModelfileOf, type ModelArg } from './model-modelfiles';

export function activateModelfile(ctx: UnboundContext, models: ModelService): void {
  const createErrors = vscode.languages.createDiagnosticCollection('unbound-create');
  ctx.subscriptions.push(
    createErrors,
    // A create error describes the text it was made from; any edit makes it stale.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length) createErrors.delete(e.document.uri);
    }),
    vscode.commands.registerCommand('unbound.modelfile.create', (uri?: vscode.Uri, name?: string) =>
      createFromModelfile({ ctx, models, createErrors }, uri instanceof vscode.Uri ? uri : undefined, typeof name === 'string' ? name : undefined),
    ),
    vscode.commands.registerCommand('unbound.modelfile.open', (arg: ModelArg) => openModelfileOf(ctx, models, arg)),
    vscode.commands.registerCommand('unbound.modelfile.newVariant', (arg: ModelArg) => newVariant(ctx, models, arg)),
  );
}
