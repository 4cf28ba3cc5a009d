import * as vscode from 'vscode';
import { abortSignalOf } from '../../core/cancellation';
import type { Catalog } from '../../core/models/catalog';
import type { ModelService, PullResult } from '../../core/models/model-service';
import { formatBytes } from '../../core/models/units';
import { modelRegistry, pullWarning } from '../../core/ollama/registry';
import type { SettingsSource } from '../context';
import { showOllamaError } from './error-notice';

export interface PullFlowDeps {
  readonly service: ModelService;
  readonly catalog: Catalog;
  readonly settings: SettingsSource;
}

/**
 * Pulls with a cancellable notification showing "1.2 GB / 4.7 GB · 85 MB/s · 42 s left".
 * On success it offers to use the model for what it can do; on cancel it says the
 * download resumes; on failure it shows Ollama's reason with a way out. It resolves
 * when the pull is over: those follow-up notifications are not awaited, so a command
 * (or a test) calling it does not hang until the user dismisses one.
 */
export async function runPull(name: string, deps: PullFlowDeps): Promise<PullResult> {
  // A name can point at any registry (a workspace may have set it): say which before fetching from it.
  const warning = pullWarning(name);
  if (warning !== undefined) {
    const pull = `Pull from ${modelRegistry(name)}`;
    const choice = await vscode.window.showWarningMessage(warning, { modal: true }, pull);
    if (choice !== pull) {
      return { kind: 'cancelled', model: name, completedBytes: 0, totalBytes: 0, message: `Pull of ${name} from ${modelRegistry(name)} declined.` };
    }
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pulling ${name}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortSignalOf(token);
      let reported = 0;
      try {
        return await deps.service.pull(name, cancel.signal, (snapshot, text) => {
          // `increment` is additive, so report the difference to the last fraction.
          const percent = Math.floor((snapshot.fraction ?? 0) * 100);
          const increment = Math.max(0, percent - reported);
          reported += increment;
          progress.report({ message: text, ...(increment > 0 ? { increment } : {}) });
        });
      } finally {
        cancel.dispose();
      }
    },
  );

  void followUp(name, result, deps);
  return result;
}

async function followUp(name: string, result: PullResult, deps: PullFlowDeps): Promise<void> {
  switch (result.kind) {
    case 'success':
      await offerToUse(result.model, result.totalBytes, deps);
      return;
    case 'cancelled': {
      const choice = await vscode.window.showInformationMessage(result.message, 'Resume');
      if (choice === 'Resume') await runPull(name, deps);
      return;
    }
    case 'failed':
      if (result.error.cause.kind === 'stream' || result.error.cause.kind === 'server') {
        // Ollama's own words (e.g. an unknown tag): say them, and let the user try another name.
        const choice = await vscode.window.showErrorMessage(result.message, 'Try Another Name', 'Browse Library');
        if (choice === 'Try Another Name') await vscode.commands.executeCommand('unbound.models.pull');
        if (choice === 'Browse Library') await vscode.env.openExternal(vscode.Uri.parse('https://ollama.com/library'));
        return;
      }
      await showOllamaError(result.error, { model: name, retry: () => runPull(name, deps) });
      return;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

/** "Use for Completions" only for FIM models, "Use for Chat" only for models with a chat role. */
async function offerToUse(model: string, totalBytes: number, deps: PullFlowDeps): Promise<void> {
  let completion = false;
  let chat = true;
  try {
    const info = await deps.service.info(model);
    completion = info.capabilities.has('insert');
    const entry = deps.catalog.find(model);
    // A base model has no chat template; the catalog knows which tags are base.
    chat = info.capabilities.has('completion') && !info.capabilities.has('embedding') && (entry ? entry.roles.includes('chat') : true);
  } catch {
    // Capabilities unknown: offer chat only, completion would fail without FIM.
  }
  const actions = [...(completion ? ['Use for Completions'] : []), ...(chat ? ['Use for Chat'] : [])];
  const size = totalBytes > 0 ? ` (${formatBytes(totalBytes)})` : '';
  const choice = await vscode.window.showInformationMessage(`Pulled ${model}${size}.`, ...actions);
  if (choice === 'Use for Completions') await deps.settings.update('completion.model', model);
  if (choice === 'Use for Chat') await deps.settings.update('chat.model', model);
}
