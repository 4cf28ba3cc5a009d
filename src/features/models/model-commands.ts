import * as vscode from 'vscode';
import type { Catalog } from '../../core/models/catalog';
import type { InstalledEntry, ModelService } from '../../core/models/model-service';
import type { Recommendations } from '../../core/models/recommend';
import { formatBytes } from '../../core/models/units';
import { assertNever } from '../../core/assert-never';
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import { modelKey } from '../../core/ollama/capabilities';
import { isOllamaError } from '../../core/ollama/errors';
import type { DaemonControl, SettingsSource } from '../context';
import { showOllamaError } from './error-notice';
import { toldOllamaUnavailable } from './ollama-gate';
import { ModelDetailsProvider } from './model-details';
import { pickInstalledModel, pickModelToPull } from './model-pickers';
import type { ModelNode } from './models-tree';
import { canFillInTheMiddle } from './fim-check';
import { chatModelExplanation } from './model-words';
import { runPull } from './pull-flow';
import type { RecommendationSource } from './recommendations';

export interface ModelCommandDeps {
  readonly service: ModelService;
  /** Whether Ollama runs, and if not why: model commands do not ask a server that is known to be missing. */
  readonly daemon: Pick<DaemonControl, 'state'>;
  readonly catalog: Catalog;
  readonly settings: SettingsSource;
  readonly recommendations: RecommendationSource;
  readonly log: vscode.LogOutputChannel;
}

/** Commands get a tree node from the view, a name from other commands or links, or nothing from the palette. */
type ModelArg = ModelNode | string | undefined;

function nameOf(arg: ModelArg): string | undefined {
  if (typeof arg === 'string') return arg.trim() || undefined;
  if (arg === undefined) return undefined;
  switch (arg.kind) {
    case 'installed':
      return arg.entry.model.name;
    case 'loaded':
      return arg.loaded.name;
    case 'recommended':
      return arg.rec.entry.name;
    case 'group':
    case 'message':
      return undefined;
    default:
      return assertNever(arg);
  }
}

export function registerModelCommands(deps: ModelCommandDeps): vscode.Disposable[] {
  const { service, settings } = deps;

  /** The installed list, refreshed when not known yet; undefined (after telling the user why) when Ollama is down. */
  async function installedModels(): Promise<readonly InstalledEntry[] | undefined> {
    if (await toldOllamaUnavailable(deps.daemon.state)) return undefined;
    const state = service.state.kind === 'ready' ? service.state : await service.refresh();
    if (state.kind === 'ready') return state.installed;
    // Not awaited: the command ends now, the notification stays until dismissed.
    if (state.kind === 'unavailable') void showOllamaError(state.error);
    return undefined;
  }

  async function choose(role: 'completion' | 'chat'): Promise<void> {
    const installed = await installedModels();
    if (!installed) return;
    if (installed.length === 0) {
      const choice = await vscode.window.showInformationMessage('No models are installed in Ollama yet.', 'Pull a Model');
      if (choice) await vscode.commands.executeCommand('unbound.models.pull');
      return;
    }
    const current = role === 'completion' ? settings.current.completion.model : settings.current.chatModel;
    const picked = await pickInstalledModel(installed, role, current);
    if (picked) await use(role, picked, installed);
  }

  async function use(role: 'completion' | 'chat', name: string, installed?: readonly InstalledEntry[]): Promise<void> {
    if (role === 'completion') {
      const all = installed ?? (service.state.kind === 'ready' ? service.state.installed : []);
      const entry = all.find((e) => e.model.name === name);
      if (entry && canFillInTheMiddle(entry) === false) {
        // A choice that cannot work is not offered: only the ways that give ghost text are.
        const code = all.find((e) => canFillInTheMiddle(e) === true)?.model.name;
        const safe = code ? `Use ${code}` : `Pull ${RECOMMENDED_FIM_MODEL}`;
        const choice = await vscode.window.showWarningMessage(
          chatModelExplanation(name),
          {
            modal: true,
            detail: code
              ? `${code} is installed and can. ${name} stays available for chat.`
              : `No installed model can. ${RECOMMENDED_FIM_MODEL} is a small code model (about 1 GB). ${name} stays available for chat.`,
          },
          safe,
        );
        if (choice !== safe) return;
        if (code) await use('completion', code, all);
        else await vscode.commands.executeCommand('unbound.models.pull', RECOMMENDED_FIM_MODEL);
        return;
      }
    }
    await settings.update(role === 'completion' ? 'completion.model' : 'chat.model', name);
    vscode.window.setStatusBarMessage(`Unbound: ${name} is now the ${role} model`, 4000);
  }

  async function pull(arg: ModelArg): Promise<void> {
    if (await toldOllamaUnavailable(deps.daemon.state)) return;
    let name = nameOf(arg);
    if (!name) {
      const state = service.state.kind === 'ready' ? service.state : await service.refresh();
      const installedNames = state.kind === 'ready' ? state.installed.map((e) => e.model.name) : [];
      const recs: Promise<Recommendations | undefined> = deps.recommendations.get(installedNames).catch((e: unknown) => {
        deps.log.warn(`models: no recommendations: ${String(e)}`);
        return undefined;
      });
      name = await pickModelToPull(deps.catalog, recs, new Set(installedNames.map(modelKey)));
    }
    if (name) await runPull(name, deps);
  }

  async function remove(arg: ModelArg): Promise<void> {
    const installed = await installedModels();
    if (!installed) return;
    const name = nameOf(arg) ?? (await pickInstalledModel(installed, 'any', '', 'Delete which model?'));
    if (!name) return;
    const entry = installed.find((e) => e.model.name === name);
    const uses = [
      ...(settings.current.completion.model === name ? ['your completion model'] : []),
      ...(settings.current.chatModel === name ? ['your chat model'] : []),
    ];
    const detail = [
      entry ? `This frees ${formatBytes(entry.model.sizeBytes)} of disk.` : '',
      uses.length ? `It is ${uses.join(' and ')}.` : '',
      'You can pull it again later.',
    ].filter(Boolean).join(' ');
    const choice = await vscode.window.showWarningMessage(`Delete ${name} from Ollama?`, { modal: true, detail }, 'Delete');
    if (choice !== 'Delete') return;
    try {
      await service.delete(name);
      vscode.window.setStatusBarMessage(`Unbound: deleted ${name}`, 4000);
    } catch (e) {
      if (isOllamaError(e)) void showOllamaError(e, { retry: () => remove(name) });
      else throw e;
    }
  }

  async function showDetails(arg: ModelArg): Promise<void> {
    let name = nameOf(arg);
    if (!name) {
      const installed = await installedModels();
      if (!installed) return;
      name = await pickInstalledModel(installed, 'any', '', 'Show details of which model?');
    }
    if (!name) return;
    const doc = await vscode.workspace.openTextDocument(ModelDetailsProvider.uriFor(name));
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  async function setFromArg(role: 'completion' | 'chat', arg: ModelArg): Promise<void> {
    const name = nameOf(arg);
    if (name) await use(role, name);
    else await choose(role);
  }

  return [
    // The tree redraws on the service's onDidChange; nothing to poke here.
    vscode.commands.registerCommand('unbound.models.refresh', () => service.refresh()),
    vscode.commands.registerCommand('unbound.models.pull', pull),
    vscode.commands.registerCommand('unbound.models.delete', remove),
    vscode.commands.registerCommand('unbound.models.setCompletionModel', (arg: ModelArg) => setFromArg('completion', arg)),
    vscode.commands.registerCommand('unbound.models.setChatModel', (arg: ModelArg) => setFromArg('chat', arg)),
    vscode.commands.registerCommand('unbound.models.chooseCompletionModel', () => choose('completion')),
    vscode.commands.registerCommand('unbound.models.chooseChatModel', () => choose('chat')),
    vscode.commands.registerCommand('unbound.models.showDetails', showDetails),
  ];
}
