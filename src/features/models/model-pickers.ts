import * as vscode from 'vscode';
import type { Catalog, CatalogEntry } from '../../core/models/catalog';
import { modelKey } from '../../core/ollama/capabilities';
import { catalogDescription, installedDescription } from '../../core/models/model-labels';
import type { InstalledEntry } from '../../core/models/model-service';
import { canFillInTheMiddle } from './fim-check';
import type { Recommendations } from '../../core/models/recommend';

interface PullPick extends vscode.QuickPickItem {
  readonly model?: string;
}

/** Ollama names: `model`, `model:tag`, `namespace/model:tag`, optionally with a registry host. */
const MODEL_NAME = /^[A-Za-z0-9][\w.-]*(?::\d+)?(?:\/[\w.-]+)*(?::[\w.-]+)?$/;

/**
 * Which model to pull: recommendations for this machine first (they arrive a
 * moment later, after the hardware probe), then the catalog by role, and
 * whatever the user types as a name of their own.
 */
export function pickModelToPull(
  catalog: Catalog,
  recommendations: Promise<Recommendations | undefined>,
  installed: ReadonlySet<string>,
): Promise<string | undefined> {
  const quickPick = vscode.window.createQuickPick<PullPick>();
  quickPick.title = 'Pull a model into Ollama';
  quickPick.placeholder = 'Pick a model, or type any name from ollama.com/library (e.g. qwen2.5-coder:1.5b-base)';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;

  const entryItem = (entry: CatalogEntry, detail?: string): PullPick => ({
    label: entry.name,
    description: `${installed.has(entry.name) ? '$(check) installed · ' : ''}${catalogDescription(entry)}`,
    ...(detail ? { detail } : {}),
    model: entry.name,
  });
  const completion = catalog.entries.filter((e) => e.roles.includes('completion'));
  const chat = catalog.entries.filter((e) => e.roles.includes('chat') && !e.roles.includes('completion'));
  let recommended: PullPick[] = [];
  let typed: PullPick[] = [];
  const render = (): void => {
    quickPick.items = [
      ...typed,
      ...(recommended.length ? [{ label: 'Recommended for this machine', kind: vscode.QuickPickItemKind.Separator }, ...recommended] : []),
      { label: 'Inline completion (fill-in-the-middle)', kind: vscode.QuickPickItemKind.Separator },
      ...completion.map((e) => entryItem(e)),
      { label: 'Chat and code actions', kind: vscode.QuickPickItemKind.Separator },
      ...chat.map((e) => entryItem(e)),
    ];
  };
  render();

  return new Promise((resolve) => {
    let settled = false;
    const done = (value: string | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      quickPick.dispose();
    };
    void recommendations.then((recs) => {
      quickPick.busy = false;
      if (!recs || settled) return;
      recommended = [...(recs.completion ? [recs.completion] : []), ...recs.chat].map((r) => entryItem(r.entry, r.reason));
      render();
    });
    quickPick.onDidChangeValue((value) => {
      const name = value.trim();
      const known = catalog.find(name) !== undefined;
      typed = name && !known ? [{ label: `$(cloud-download) Pull "${name}"`, description: MODEL_NAME.test(name) ? 'by name' : 'not a valid model name', alwaysShow: true, model: name }] : [];
      render();
    });
    quickPick.onDidAccept(() => {
      const model = quickPick.selectedItems[0]?.model;
      if (model && MODEL_NAME.test(model)) done(model);
    });
    quickPick.onDidHide(() => done(undefined));
    quickPick.show();
  });
}

interface ModelPick extends vscode.QuickPickItem {
  readonly model: string;
}

/**
 * An installed model for a role. For completion, fill-in-the-middle models come
 * first and the others say why they will not work.
 */
export async function pickInstalledModel(
  installed: readonly InstalledEntry[],
  role: 'completion' | 'chat' | 'any',
  current: string,
  title?: string,
): Promise<string | undefined> {
  const canFim = (e: InstalledEntry): boolean => canFillInTheMiddle(e) === true;
  const canChat = (e: InstalledEntry): boolean => !e.info || (e.info.capabilities.has('completion') && !e.info.capabilities.has('embedding'));
  const ordered =
    role === 'completion'
      ? [...installed.filter(canFim), ...installed.filter((e) => !canFim(e))]
      : role === 'chat'
        ? [...installed.filter(canChat), ...installed.filter((e) => !canChat(e))]
        : installed;
  const items: ModelPick[] = ordered.map((e) => {
    const warning =
      role === 'completion' ? (canFim(e) ? '' : ' · no fill-in-the-middle') : role === 'chat' && !canChat(e) ? ' · cannot chat' : '';
    return {
      label: `${modelKey(e.model.name) === modelKey(current) ? '$(check) ' : ''}${e.model.name}`,
      description: `${installedDescription(e.model, e.info)}${warning}`,
      model: e.model.name,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: title ?? (role === 'completion' ? 'Model for inline completions' : role === 'chat' ? 'Model for chat and code actions' : 'Installed models'),
    placeHolder: role === 'completion' ? `Fill-in-the-middle models first. Current: ${current || 'none'}` : role === 'chat' ? `Current: ${current || 'none'}` : 'Pick a model',
    matchOnDescription: true,
  });
  return picked?.model;
}
