import * as vscode from 'vscode';
import { loadCatalog } from '../../core/models/catalog';
import { ModelService } from '../../core/models/model-service';
import { OllamaError } from '../../core/ollama/errors';
import type { ModelTreeSnapshot } from '../api';
import type { UnboundContext } from '../context';
import { registerModelCommands } from './model-commands';
import { DETAILS_SCHEME, ModelDetailsProvider } from './model-details';
import { ModelsTreeProvider } from './models-tree';
import { RecommendationSource } from './recommendations';

export interface ModelsFeature {
  readonly service: ModelService;
  /** The models view as rendered, for UnboundApi.modelTree(). */
  modelTree(): Promise<ModelTreeSnapshot>;
}

/**
 * The models view and its commands. Activation only wires things up: Ollama is
 * first asked when the view is shown or the daemon reports it is running, and
 * the hardware probe runs only when recommendations are wanted.
 */
export function activateModels(ctx: UnboundContext): ModelsFeature {
  const catalog = loadCatalog();
  const service = new ModelService({ api: () => ctx.ollama.api, log: ctx.log });
  const recommendations = new RecommendationSource(catalog, ctx.log);
  const tree = new ModelsTreeProvider(service, ctx.settings, recommendations, () => ctx.ollama.api.host.isLoopback);
  const details = new ModelDetailsProvider(service, catalog);
  const view = vscode.window.createTreeView('unbound.models', { treeDataProvider: tree, showCollapseAll: false });

  ctx.subscriptions.push(
    service,
    tree,
    details,
    view,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    ...registerModelCommands({ service, catalog, settings: ctx.settings, recommendations, log: ctx.log, daemon: ctx.daemon }),
    ctx.daemon.onDidChangeState((state) => {
      switch (state.kind) {
        case 'running':
          void service.refresh();
          return;
        case 'stopped':
        case 'not-installed':
        case 'error':
          service.markUnavailable(new OllamaError({ kind: 'not-running', host: ctx.ollama.api.host.url }));
          return;
        case 'starting':
        case 'unknown':
          return;
        default: {
          const unreachable: never = state;
          return unreachable;
        }
      }
    }),
    ctx.ollama.onDidChangeHost(() => void service.refresh()),
    // The walkthrough's Pull step ticks when a model is there, not when the picker was opened.
    service.onDidChange((state) => {
      if (state.kind === 'ready' && state.installed.length > 0) void vscode.commands.executeCommand('setContext', 'unbound.modelsInstalled', true);
    }),
  );

  return { service, modelTree: () => tree.snapshot() };
}
