import type { ChatViewState } from '../protocol/chat';
import type { DaemonControl } from './context';

/**
 * What `activate()` returns. VS Code hands it to other extensions through
 * `vscode.extensions.getExtension('unbound.unbound').exports`.
 */
export interface UnboundPublicApi {
  readonly daemon: DaemonControl;
  /** Wall time activate() took, for the activation figure. */
  readonly activationMs: number;
}

/**
 * The API in `ExtensionMode.Test` only: the e2e suite reads what the UI shows
 * through these, without scraping the DOM from inside the extension host.
 * Other extensions never get them.
 */
export interface UnboundApi extends UnboundPublicApi {
  /** The text of the Ollama status bar item, as the user sees it. */
  statusBarText(): string;
  /** The models tree as rendered: each top-level group with its children. */
  modelTree(): Promise<ModelTreeSnapshot>;
  /** The completion status bar item's text ('' when hidden). */
  completionStatusText(): string;
  /** The command a click on the completion status bar item runs. */
  completionStatusCommand(): string;
  /** Figures of the newest code action: last token to diff shown, Accept to document changed. */
  actionTimings(): {
    readonly lastTokenToDiffMs?: number;
    readonly streamEndMs?: number;
    readonly extractMs?: number;
    readonly rewriteLines?: number;
    readonly acceptToChangedMs?: number;
  };
  /** The chat as its view is told to show it, and the actions a user takes there. */
  readonly chat: ChatApi;
}

export interface ChatApi {
  state(): ChatViewState;
  /** Sends a question as if typed in the view; resolves when the answer ended. */
  ask(text: string): Promise<void>;
  stop(): Promise<void>;
  /** Whether any chat page said ready (the view's code loads only when a view opens). */
  viewReady(): boolean;
  explain(request: { code: string; languageId: string; fileName: string; instruction: string }): Promise<void>;
}

export type TestAccessors = Omit<UnboundApi, keyof UnboundPublicApi>;

/** The API to export: the accessors only for the e2e suite (`ExtensionMode.Test`), never for other extensions. */
export function exportedApi(isTestMode: boolean, api: UnboundPublicApi, accessors: TestAccessors): UnboundPublicApi | UnboundApi {
  return isTestMode ? { ...api, ...accessors } : { ...api };
}

export type ModelTreeSnapshot = readonly {
  readonly label: string;
  readonly children: readonly { readonly label: string; readonly description?: string; readonly contextValue?: string }[];
}[];
