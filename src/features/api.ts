import type { DaemonControl } from './context';

/**
 * What `activate()` returns. VS Code hands it to other extensions through
 * `vscode.extensions.getExtension('unbound.unbound').exports`; the e2e suite uses it
 * to read what the UI shows without scraping the DOM from inside the extension host.
 */
export interface UnboundApi {
  readonly daemon: DaemonControl;
  /** Wall time activate() took, for the activation figure. */
  readonly activationMs: number;
  /** The text of the Ollama status bar item, as the user sees it. */
  statusBarText(): string;
  /** The models tree as rendered: each top-level group with its children. */
  modelTree(): Promise<ModelTreeSnapshot>;
  /** The completion status bar item's text ('' when hidden). */
  completionStatusText(): string;
  /** Figures of the newest code action: last token to diff shown, Accept to document changed. */
  actionTimings(): {
    readonly lastTokenToDiffMs?: number;
    readonly streamEndMs?: number;
    readonly extractMs?: number;
    readonly rewriteLines?: number;
    readonly acceptToChangedMs?: number;
  };
}

export type ModelTreeSnapshot = readonly {
  readonly label: string;
  readonly children: readonly { readonly label: string; readonly description?: string; readonly contextValue?: string }[];
}[];
