/**
 * "Create Model from This Modelfile": checks the Modelfile as Ollama would,
 * asks for the name, uploads local files, sends the create request with its
 * progress in a cancellable notification, then shows the model in the Models
 * view. An error Ollama ties to an instruction is shown on that line.
 */
import { dirname } from 'node:path';
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { abortSignalOf } from '../../core/cancellation';
import { createModelfileApi } from '../../core/modelfile/create-client';
import { instructionForError } from '../../core/modelfile/create-request';
import { forgeModel } from '../../core/modelfile/forge';
import { modelNameProblem } from '../../core/modelfile/model-name';
import { nodeLocalFiles } from '../../core/modelfile/node-local-files';
import { parseModelfile } from '../../core/modelfile/parse';
import type { ParsedModelfile } from '../../core/modelfile/syntax';
import { validateModelfile } from '../../core/modelfile/validate';
import type { ModelService } from '../../core/models/model-service';
import { describeError, isOllamaError, OllamaError } from '../../core/ollama/errors';
import type { UnboundContext } from '../context';
import { showOllamaError } from '../models/error-notice';
import { progressText } from './progress-text';
import { errorMessage } from '../../core/error-message';

export const MODELFILE_LANGUAGE = 'modelfile';

export interface CreateDeps {
  readonly ctx: UnboundContext;
  readonly models: ModelService;
  /** Errors from the last create, shown on the line they concern until the document changes. */
  readonly createErrors: vscode.DiagnosticCollection;
}

/** The folder's name for a Modelfile on disk; for an unsaved one (a new variant), the base model's name plus "-variant". */
function suggestedName(document: vscode.TextDocument, parsed: ParsedModelfile): string {
  const clean = (raw: string) => raw.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9_]+/, '');
  let base = '';
  if (document.uri.scheme === 'file') base = clean(dirname(document.uri.fsPath).split(/[\\/]/).pop() ?? '');
  else {
    const from = parsed.instructions.find((i) => i.name === 'from')?.value ?? '';
    const model = from.split('/').pop()?.split(':')[0] ?? '';
    if (model) base = `${clean(model)}-variant`;
  }
  return base && !modelNameProblem(base) ? base : 'my-model';
}

async function targetDocument(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  return active?.languageId === MODELFILE_LANGUAGE ? active : undefined;
}

export async function createFromModelfile(deps: CreateDeps, uri?: vscode.Uri, givenName?: string): Promise<string | undefined> {
  const { ctx, models, createErrors } = deps;
  const document = await targetDocument(uri);
  if (!document) {
    void vscode.window.showInformationMessage('Open a Modelfile first: Create Model works on the Modelfile in the active editor.');
    return undefined;
  }
  const text = document.getText();
  const parsed = parseModelfile(text);
  const directory = document.uri.scheme === 'file' ? dirname(document.uri.fsPath) : undefined;
  const paths = { directory, home: homedir() };
  const problems = validateModelfile(text, parsed, { paths: { ...paths, exists: (p) => nodeLocalFiles.exists(p) } }).filter((d) => d.severity === 'error');
  if (problems[0]) {
    const line = document.positionAt(problems[0].span.start).line + 1;
    const choice = await vscode.window.showErrorMessage(`Ollama would reject this Modelfile: ${problems[0].message} (line ${line}). Fix it and try again.`, 'Show Problems');
    if (choice) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
  if (parsed.instructions.some((i) => i.name === 'draft')) {
    void vscode.window.showErrorMessage('Creating a model with a DRAFT model is not supported by Unbound yet: run `ollama create NAME -f Modelfile` in a terminal.');
    return undefined;
  }
  const name =
    givenName ??
    (await vscode.window.showInputBox({
      title: 'Create model from this Modelfile',
      prompt: 'Name of the new model',
      value: suggestedName(document, parsed),
      validateInput: (value) => {
        const problem = modelNameProblem(value);
        if (problem) return problem;
        const state = models.state;
        const exists = state.kind === 'ready' && state.installed.some((e) => e.model.name === value || e.model.name === `${value}:latest`);
        return exists ? { message: `${value} exists: creating replaces it.`, severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    }));
  if (name === undefined) return undefined;
  const problem = modelNameProblem(name);
  if (problem) {
    void vscode.window.showErrorMessage(`Cannot create "${name}": ${problem}`);
    return undefined;
  }

  createErrors.delete(document.uri);
  const api = createModelfileApi({ host: ctx.ollama.api.host });
  ctx.log.info(`[modelfile] creating ${name} from ${document.uri.toString()}`);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Creating ${name}`, cancellable: true },
      async (progress, token) => {
        const abort = abortSignalOf(token);
        try {
          await forgeModel({
            api,
            files: nodeLocalFiles,
            parsed,
            model: name,
            paths,
            signal: abort.signal,
            onProgress: (p) => {
              const { text: message, percent } = progressText(p);
              if (p.kind === 'status') ctx.log.info(`[modelfile] ${name}: ${message}`);
              // One bar for several files and phases would jump back: the percentage goes in the text.
              progress.report({ message: percent === undefined ? message : `${message} ${percent}%` });
            },
          });
        } finally {
          abort.dispose();
        }
      },
    );
  } catch (error) {
    const failure = isOllamaError(error) ? error : new OllamaError({ kind: 'server', status: 0, message: errorMessage(error) });
    if (failure.cause.kind === 'aborted' || (error instanceof Error && error.name === 'AbortError')) {
      ctx.log.info(`[modelfile] creating ${name} cancelled`);
      return undefined;
    }
    const message = describeError(failure.cause).message;
    ctx.log.error(`[modelfile] creating ${name} failed: ${message}`);
    const at = instructionForError(parsed, message);
    if (at) {
      const range = new vscode.Range(document.positionAt(at.keyword.start), document.positionAt(at.valueSpan.end));
      const diagnostic = new vscode.Diagnostic(range, `ollama create: ${message}`, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'ollama';
      createErrors.set(document.uri, [diagnostic]);
    }
    void showOllamaError(failure, { retry: () => createFromModelfile(deps, document.uri, name) });
    return undefined;
  }
  await models.refresh();
  ctx.log.info(`[modelfile] created ${name}`);
  void vscode.window.showInformationMessage(`Created model ${name}.`, 'Use for Chat', 'Show in Models').then(async (choice) => {
    if (choice === 'Use for Chat') await ctx.settings.update('chat.model', name);
    else if (choice === 'Show in Models') await vscode.commands.executeCommand('unbound.models.focus');
  });
  return name;
}
