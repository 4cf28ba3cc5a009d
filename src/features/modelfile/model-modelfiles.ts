/**
 * Modelfiles of installed models: "Open Modelfile of Model" shows what
 * /api/show says the model was made from; "New Model Variant" starts a
 * Modelfile to edit and create: FROM the model, its template, a system prompt
 * of the user's own (the default adds no refusal), the common parameters.
 */
import * as vscode from 'vscode';
import { createModelfileApi } from '../../core/modelfile/create-client';
import { variantModelfile } from '../../core/modelfile/variant';
import type { ModelService } from '../../core/models/model-service';
import { isOllamaError } from '../../core/ollama/errors';
import type { UnboundContext } from '../context';
import { showOllamaError } from '../models/error-notice';
import { pickInstalledModel } from '../models/model-pickers';
import type { ModelNode } from '../models/models-tree';
import { MODELFILE_LANGUAGE } from './create-command';

export type ModelArg = ModelNode | string | undefined;

function nameFromArg(arg: ModelArg): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  return arg?.kind === 'installed' ? arg.entry.model.name : undefined;
}

async function chooseModel(models: ModelService, arg: ModelArg, title: string): Promise<string | undefined> {
  const given = nameFromArg(arg);
  if (given) return given;
  const state = models.state.kind === 'ready' ? models.state : await models.refresh();
  if (state.kind === 'unavailable') {
    void showOllamaError(state.error);
    return undefined;
  }
  if (state.kind !== 'ready') return undefined;
  if (state.installed.length === 0) {
    void vscode.window.showInformationMessage('No models are installed in Ollama yet.', 'Pull a Model').then((c) => c && vscode.commands.executeCommand('unbound.models.pull'));
    return undefined;
  }
  return pickInstalledModel(state.installed, 'any', '', title);
}

async function showModel(ctx: UnboundContext, model: string) {
  try {
    return await createModelfileApi({ host: ctx.ollama.api.host }).show(model);
  } catch (error) {
    if (isOllamaError(error)) void showOllamaError(error, { model });
    else throw error;
    return undefined;
  }
}

export async function openModelfileOf(ctx: UnboundContext, models: ModelService, arg: ModelArg): Promise<vscode.TextDocument | undefined> {
  const model = await chooseModel(models, arg, 'Open the Modelfile of which model?');
  if (!model) return undefined;
  const shown = await showModel(ctx, model);
  if (!shown) return undefined;
  const document = await vscode.workspace.openTextDocument({ language: MODELFILE_LANGUAGE, content: shown.modelfile });
  await vscode.window.showTextDocument(document, { preview: false });
  return document;
}

export async function newVariant(ctx: UnboundContext, models: ModelService, arg: ModelArg): Promise<vscode.TextDocument | undefined> {
  const model = await chooseModel(models, arg, 'New variant of which model?');
  if (!model) return undefined;
  const shown = await showModel(ctx, model);
  if (!shown) return undefined;
  const content = variantModelfile({ model, template: shown.template, parameters: shown.parameters });
  const document = await vscode.workspace.openTextDocument({ language: MODELFILE_LANGUAGE, content });
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  // Select the system prompt: it is what a variant is usually about.
  const system = /^SYSTEM """([\s\S]*?)"""/m.exec(content);
  if (system?.[1] !== undefined) {
    const start = document.positionAt((system.index ?? 0) + 'SYSTEM """'.length);
    editor.selection = new vscode.Selection(start, document.positionAt(document.offsetAt(start) + system[1].length));
    editor.revealRange(editor.selection);
  }
  return document;
}
