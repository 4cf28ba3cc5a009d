/**
 * The contract between the chat webview (src/webview) and the extension
 * (src/features/chat): discriminated unions both ways, one file both sides
 * import. The view is a renderer of untrusted model text, so everything it sends
 * is checked by `parseFromView` before the extension acts on it.
 */

/** Buttons an error can offer (the extension maps them to commands). */
export type ErrorActionId = 'start' | 'pull' | 'retry' | 'logs' | 'choose-model' | 'settings';

export interface ViewError {
  readonly message: string;
  readonly actions: readonly ErrorActionId[];
}

/** A model in the picker. */
export interface ViewModel {
  readonly name: string;
  /** Short labels shown beside the name: 'thinking', 'tools', 'vision', 'code'. */
  readonly badges: readonly string[];
  readonly canThink: boolean;
  /** The template has no place for a system prompt: a set one is dropped by Ollama. */
  readonly noSystemSlot: boolean;
}

export interface ContextChip {
  readonly id: string;
  readonly kind: 'selection' | 'file';
  readonly label: string;
  /** Estimated tokens this context adds. */
  readonly tokens: number;
}

export interface TurnStats {
  /** Ollama's eval_count / eval_duration. */
  readonly tokensPerSecond?: number;
  /** Ollama's load + prompt eval time: how long before the first token. */
  readonly ttftMs?: number;
  readonly evalCount?: number;
}

export type TurnStatus = 'done' | 'streaming' | 'stopped' | 'error';

export interface ViewTurn {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  /** The model's reasoning (assistant only); shown collapsed, never sent back. */
  readonly reasoning: string;
  readonly status: TurnStatus;
  readonly error?: ViewError;
  readonly stats?: TurnStats;
  readonly context?: readonly ContextChip[];
  /** E.g. "2 oldest messages left out to fit the context". */
  readonly notice?: string;
  readonly model?: string;
}

export interface ViewConversation {
  readonly id: string;
  readonly title: string;
  readonly turns: readonly ViewTurn[];
}

export interface HistoryEntry {
  readonly id: string;
  readonly title: string;
  /** ms since epoch */
  readonly updatedAt: number;
  readonly messages: number;
}

export interface PresetInfo {
  readonly id: string;
  readonly label: string;
}

/** Context budget: what the next request will use against the model's window. */
export interface BudgetInfo {
  readonly usedTokens: number;
  readonly contextLength: number;
}

export type Phase = 'waiting' | 'loading' | 'thinking' | 'answering';

export interface ChatViewState {
  readonly conversation: ViewConversation;
  readonly models: readonly ViewModel[];
  readonly model: string;
  readonly presets: readonly PresetInfo[];
  readonly preset: string;
  readonly think: boolean;
  readonly chips: readonly ContextChip[];
  readonly budget?: BudgetInfo;
  /** Why models could not be listed, e.g. Ollama not running. */
  readonly modelsError?: ViewError;
}

/** extension -> view */
export type ToView =
  | { readonly type: 'state'; readonly state: ChatViewState }
  /** The turns changed other than by streaming (regenerate, edit, switch). */
  | { readonly type: 'conversation'; readonly conversation: ViewConversation }
  | { readonly type: 'turnStart'; readonly user: ViewTurn; readonly assistant: ViewTurn }
  | { readonly type: 'delta'; readonly turnId: string; readonly reasoning: string; readonly answer: string; readonly retract: number }
  | { readonly type: 'phase'; readonly turnId: string; readonly phase: Phase }
  | { readonly type: 'turnEnd'; readonly turn: ViewTurn }
  | { readonly type: 'history'; readonly entries: readonly HistoryEntry[]; readonly currentId: string }
  | { readonly type: 'notice'; readonly text: string; readonly level: 'info' | 'warning' }
  | { readonly type: 'focusInput'; readonly text?: string };

export type CodeAction = 'copy' | 'insert' | 'apply' | 'save';
export type ContextKind = 'selection' | 'file' | 'pick';

/** view -> extension */
export type FromView =
  | { readonly type: 'ready' }
  | { readonly type: 'send'; readonly text: string }
  | { readonly type: 'stop' }
  | { readonly type: 'regenerate' }
  | { readonly type: 'editLast'; readonly text: string }
  | { readonly type: 'newChat' }
  | { readonly type: 'pickModel'; readonly model: string }
  | { readonly type: 'setThink'; readonly on: boolean }
  | { readonly type: 'setPreset'; readonly preset: string }
  | { readonly type: 'copyMessage'; readonly turnId: string }
  | { readonly type: 'code'; readonly action: CodeAction; readonly code: string; readonly language: string }
  | { readonly type: 'openLink'; readonly href: string }
  | { readonly type: 'addContext'; readonly kind: ContextKind }
  | { readonly type: 'mention'; readonly query: string }
  | { readonly type: 'removeChip'; readonly id: string }
  | { readonly type: 'errorAction'; readonly action: ErrorActionId }
  | { readonly type: 'showHistory' }
  | { readonly type: 'switchConversation'; readonly id: string }
  | { readonly type: 'renameConversation'; readonly id: string }
  | { readonly type: 'deleteConversation'; readonly id: string }
  | { readonly type: 'exportConversation'; readonly id: string };

/** Longest text the view may send (a pasted file is fine; a runaway loop is not). */
export const MAX_TEXT_CHARS = 400_000;
const MAX_ID_CHARS = 200;

const ERROR_ACTIONS: readonly ErrorActionId[] = ['start', 'pull', 'retry', 'logs', 'choose-model', 'settings'];
const CODE_ACTIONS: readonly CodeAction[] = ['copy', 'insert', 'apply', 'save'];
const CONTEXT_KINDS: readonly ContextKind[] = ['selection', 'file', 'pick'];

type Fields = Readonly<Record<string, unknown>>;

function text(o: Fields, key: string, max = MAX_TEXT_CHARS): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.length <= max ? v : undefined;
}

function id(o: Fields, key: string): string | undefined {
  const v = text(o, key, MAX_ID_CHARS);
  return v !== undefined && v !== '' ? v : undefined;
}

function oneOf<T extends string>(o: Fields, key: string, allowed: readonly T[]): T | undefined {
  const v = o[key];
  return allowed.find((a) => a === v);
}

/**
 * A message from the view as the extension may act on it, or why not. The view
 * runs model output through a sanitiser, but a bug there must not become a
 * command: every field is checked for type and size.
 */
export function parseFromView(raw: unknown): { readonly ok: true; readonly message: FromView } | { readonly ok: false; readonly reason: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not an object' };
  const o = raw as Fields;
  const bad = (reason: string) => ({ ok: false as const, reason: `${String(o['type']).slice(0, 40)}: ${reason}` });
  const ok = (message: FromView) => ({ ok: true as const, message });
  switch (o['type']) {
    case 'ready':
    case 'stop':
    case 'regenerate':
    case 'newChat':
    case 'showHistory':
      return ok({ type: o['type'] });
    case 'send':
    case 'editLast': {
      const t = text(o, 'text');
      if (t === undefined) return bad('text missing or too long');
      if (t.trim() === '') return bad('empty text');
      return ok({ type: o['type'], text: t });
    }
    case 'pickModel': {
      const model = id(o, 'model');
      return model ? ok({ type: 'pickModel', model }) : bad('model missing');
    }
    case 'setThink':
      return typeof o['on'] === 'boolean' ? ok({ type: 'setThink', on: o['on'] }) : bad('on is not a boolean');
    case 'setPreset': {
      const preset = id(o, 'preset');
      return preset ? ok({ type: 'setPreset', preset }) : bad('preset missing');
    }
    case 'copyMessage': {
      const turnId = id(o, 'turnId');
      return turnId ? ok({ type: 'copyMessage', turnId }) : bad('turnId missing');
    }
    case 'code': {
      const action = oneOf(o, 'action', CODE_ACTIONS);
      const code = text(o, 'code');
      const language = text(o, 'language', 64);
      if (!action || code === undefined || language === undefined) return bad('action, code or language invalid');
      return ok({ type: 'code', action, code, language });
    }
    case 'openLink': {
      const href = text(o, 'href', 8192);
      return href ? ok({ type: 'openLink', href }) : bad('href missing or too long');
    }
    case 'addContext': {
      const kind = oneOf(o, 'kind', CONTEXT_KINDS);
      return kind ? ok({ type: 'addContext', kind }) : bad('unknown context kind');
    }
    case 'mention': {
      const query = text(o, 'query', 512);
      return query !== undefined ? ok({ type: 'mention', query }) : bad('query invalid');
    }
    case 'removeChip': {
      const chip = id(o, 'id');
      return chip ? ok({ type: 'removeChip', id: chip }) : bad('id missing');
    }
    case 'errorAction': {
      const action = oneOf(o, 'action', ERROR_ACTIONS);
      return action ? ok({ type: 'errorAction', action }) : bad('unknown action');
    }
    case 'switchConversation':
    case 'renameConversation':
    case 'deleteConversation':
    case 'exportConversation': {
      const conversation = id(o, 'id');
      return conversation && /^[\w-]+$/.test(conversation) ? ok({ type: o['type'], id: conversation }) : bad('id invalid');
    }
    default:
      return { ok: false, reason: `unknown message type ${JSON.stringify(String(o['type'])).slice(0, 60)}` };
  }
}
