import * as vscode from 'vscode';
import { loadedDescription } from '../../core/models/model-labels';
import type { InstalledEntry, ModelService } from '../../core/models/model-service';
import type { Recommendation } from '../../core/models/recommend';
import { describeBudget } from '../../core/models/recommend';
import type { LoadedModel } from '../../core/ollama/types';
import type { SettingsSource } from '../context';
import type { ModelTreeSnapshot } from '../api';
import { canFillInTheMiddle } from './fim-check';
import type { RecommendationSource } from './recommendations';
import { fitsMachine, installedDetails, installedRow, recommendedRow, recommendedTooltipLines, type Role } from './tree-labels';

export type GroupId = 'installed' | 'loaded' | 'recommended';

/** Elements of the models view; commands invoked from the view receive these. */
export type ModelNode =
  | { readonly kind: 'group'; readonly group: GroupId }
  | { readonly kind: 'installed'; readonly entry: InstalledEntry; readonly loaded?: LoadedModel }
  | { readonly kind: 'loaded'; readonly loaded: LoadedModel }
  | { readonly kind: 'recommended'; readonly rec: Recommendation }
  | { readonly kind: 'message'; readonly text: string; readonly tooltip?: string };

const GROUP_LABELS: Readonly<Record<GroupId, string>> = {
  installed: 'Installed',
  loaded: 'Loaded now',
  recommended: 'Recommended for this machine',
};

/**
 * The `unbound.models` view. With Ollama down it is empty, so VS Code shows the
 * viewsWelcome (Start Ollama / Install / Open Logs) instead of an error per refresh.
 */
export class ModelsTreeProvider implements vscode.TreeDataProvider<ModelNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelNode | undefined>();
  private readonly subscriptions: vscode.Disposable[] = [];

  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly service: ModelService,
    private readonly settings: SettingsSource,
    private readonly recommendations: RecommendationSource,
    private readonly hostIsLocal: () => boolean,
  ) {
    this.subscriptions.push(
      this.changed,
      this.service.onDidChange(() => this.changed.fire(undefined)),
      // The completion/chat markers follow the settings.
      this.settings.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  async getChildren(node?: ModelNode): Promise<ModelNode[]> {
    if (!node) return this.roots();
    if (node.kind !== 'group') return [];
    const state = this.service.state;
    if (state.kind !== 'ready') return [];
    switch (node.group) {
      case 'installed':
        if (state.installed.length === 0) return [{ kind: 'message', text: 'No models yet: pull one below.' }];
        return state.installed.map((entry) => {
          const loaded = state.loaded.find((l) => l.name === entry.model.name);
          return { kind: 'installed', entry, ...(loaded ? { loaded } : {}) };
        });
      case 'loaded':
        return state.loaded.map((loaded) => ({ kind: 'loaded', loaded }));
      case 'recommended':
        return this.recommended(state.installed.map((e) => e.model.name));
      default: {
        const unreachable: never = node.group;
        return unreachable;
      }
    }
  }

  getTreeItem(node: ModelNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node.group);
      case 'installed':
        return this.installedItem(node.entry, node.loaded);
      case 'loaded': {
        const item = new vscode.TreeItem(node.loaded.name, vscode.TreeItemCollapsibleState.None);
        item.description = loadedDescription(node.loaded, Date.now());
        item.iconPath = new vscode.ThemeIcon('pulse');
        item.contextValue = 'loaded';
        return item;
      }
      case 'recommended':
        return this.recommendedItem(node.rec);
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        if (node.tooltip) item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'message';
        return item;
      }
      default: {
        const unreachable: never = node;
        return unreachable;
      }
    }
  }

  /** The tree as the user sees it, for the extension API the e2e suite reads. */
  async snapshot(): Promise<ModelTreeSnapshot> {
    const groups = [];
    for (const root of await this.getChildren()) {
      const rootItem = this.getTreeItem(root);
      const children = [];
      for (const child of await this.getChildren(root)) {
        const item = this.getTreeItem(child);
        children.push({
          label: labelText(item.label),
          ...(typeof item.description === 'string' ? { description: item.description } : {}),
          ...(item.contextValue ? { contextValue: item.contextValue } : {}),
        });
      }
      groups.push({ label: labelText(rootItem.label), children });
    }
    return groups;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }

  private async roots(): Promise<ModelNode[]> {
    // First look at the view: ask Ollama now (never during activation).
    if (this.service.state.kind === 'idle') await this.service.refresh();
    const state = this.service.state;
    if (state.kind !== 'ready') return [];
    const groups: ModelNode[] = [{ kind: 'group', group: 'installed' }];
    if (state.loaded.length > 0) groups.push({ kind: 'group', group: 'loaded' });
    groups.push({ kind: 'group', group: 'recommended' });
    return groups;
  }

  private async recommended(installed: readonly string[]): Promise<ModelNode[]> {
    const known = this.recommendations.budget !== undefined;
    const recs = await this.recommendations.get(installed);
    // The hardware is known now: the installed rows can say which models are too big.
    if (!known) this.changed.fire(undefined);
    const picks = [...(recs.completion ? [recs.completion] : []), ...recs.chat];
    const nodes: ModelNode[] = picks.map((rec) => ({ kind: 'recommended', rec }));
    if (picks.length === 0) {
      nodes.push({ kind: 'message', text: `Nothing in the catalog fits ${describeBudget(recs.budget)}.`, tooltip: 'Pull a small model by name instead.' });
    }
    if (!this.hostIsLocal()) {
      nodes.push({ kind: 'message', text: 'Sized for this computer, but Ollama runs on another host.' });
    }
    return nodes;
  }

  private groupItem(group: GroupId): vscode.TreeItem {
    // Recommended starts collapsed: expanding it is what runs the hardware probe.
    const collapsed = group === 'recommended' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(GROUP_LABELS[group], collapsed);
    item.id = `group:${group}`;
    item.contextValue = `group.${group}`;
    return item;
  }

  private installedItem(entry: InstalledEntry, loaded: LoadedModel | undefined): vscode.TreeItem {
    const name = entry.model.name;
    const current = this.settings.current;
    const roles: Role[] = [
      ...(current.completion.model === name ? (['completion'] as const) : []),
      ...(current.chatModel === name ? (['chat'] as const) : []),
    ];
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.id = `installed:${name}`;
    // What matters first: a narrow sidebar cuts the end of the description.
    const budget = this.recommendations.budget;
    item.description = installedRow(entry.model, entry.info, roles, budget);
    item.iconPath = new vscode.ThemeIcon(roles.includes('completion') ? 'sparkle' : roles.includes('chat') ? 'comment-discussion' : loaded ? 'vm-running' : 'package');
    // `installed`, `installed.completion`, `installed.chat`, `installed.completion.chat`: menus match /^installed/.
    item.contextValue = ['installed', ...roles].join('.');
    const tooltip = new vscode.MarkdownString(undefined, true);
    const details = [installedDetails(entry.model, entry.info), ...(loaded ? [`loaded ${loadedDescription(loaded, Date.now())}`] : [])].join(' · ');
    tooltip.appendMarkdown(`**${escapeMarkdown(name)}**\n\n${escapeMarkdown(details)}`);
    if (roles.length > 0) tooltip.appendMarkdown(`\n\nUsed for ${roles.join(' and ')}.`);
    if (budget && fitsMachine(entry.model, budget) === false) {
      tooltip.appendMarkdown(`\n\nToo big for ${escapeMarkdown(describeBudget(budget))}: it runs partly from slower memory, if at all.`);
    }
    if (entry.infoError) tooltip.appendMarkdown(`\n\nCapabilities unknown: ${escapeMarkdown(entry.infoError)}`);
    else if (canFillInTheMiddle(entry) === false) tooltip.appendMarkdown('\n\nA chat model: it cannot fill in the middle, so not for inline completions.');
    item.tooltip = tooltip;
    item.command = { command: 'unbound.models.showDetails', title: 'Show Model Details', arguments: [name] };
    return item;
  }

  private recommendedItem(rec: Recommendation): vscode.TreeItem {
    const item = new vscode.TreeItem(rec.entry.name, vscode.TreeItemCollapsibleState.None);
    item.id = `recommended:${rec.role}:${rec.entry.name}`;
    item.description = recommendedRow(rec);
    item.iconPath = new vscode.ThemeIcon(rec.installed ? 'check' : rec.role === 'completion' ? 'symbol-snippet' : 'comment-discussion');
    // Only models not yet installed get the inline Pull button (menu `viewItem == recommended`).
    item.contextValue = rec.installed ? 'recommended.installed' : 'recommended';
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(recommendedTooltipLines(rec).map(escapeMarkdown).join('\n\n'));
    item.tooltip = tooltip;
    return item;
  }
}

function labelText(label: string | vscode.TreeItemLabel | undefined): string {
  if (label === undefined) return '';
  return typeof label === 'string' ? label : label.label;
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
