import * as vscode from 'vscode';
import { abortSignalOf } from '../../core/cancellation';
import type { Catalog } from '../../core/models/catalog';
import { detailsMarkdown } from '../../core/models/details-markdown';
import type { ModelService } from '../../core/models/model-service';
import { errorMessage } from '../../core/error-message';

export const DETAILS_SCHEME = 'unbound-model';

/**
 * Read-only documents `unbound-model:/<name>.md` rendered from /api/show. A
 * content provider (not a file) so nothing is written to disk and the text
 * cannot be edited by mistake.
 */
export class ModelDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private readonly subscription: { dispose(): void };

  /** Open details documents re-render when the models change (pulled again, loaded, unloaded). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly service: ModelService,
    private readonly catalog: Catalog,
  ) {
    this.subscription = service.onDidChange(() => {
      for (const doc of vscode.workspace.textDocuments) if (doc.uri.scheme === DETAILS_SCHEME) this.changed.fire(doc.uri);
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  static uriFor(name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${name}.md` });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const name = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const cancel = abortSignalOf(token);
    try {
      const info = await this.service.info(name, cancel.signal);
      const state = this.service.state;
      const installed = state.kind === 'ready' ? state.installed.find((e) => e.model.name === name)?.model : undefined;
      const loaded = state.kind === 'ready' ? state.loaded.find((l) => l.name === name) : undefined;
      const entry = this.catalog.find(name);
      return detailsMarkdown({
        name,
        info,
        nowMs: Date.now(),
        ...(installed ? { installed } : {}),
        ...(loaded ? { loaded } : {}),
        ...(entry ? { catalog: entry } : {}),
      });
    } catch (e) {
      // The document itself says what went wrong; a notification would be noise on top.
      return `# ${name}\n\nCould not read the model details: ${errorMessage(e)}\n`;
    } finally {
      cancel.dispose();
    }
  }
}
