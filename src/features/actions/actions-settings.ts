import * as vscode from 'vscode';
import { ACTION_KINDS, DEFAULT_SYSTEM_PROMPT, type ActionKind } from '../../core/edits/templates';

export interface ActionsSettings {
  /** `unbound.actions.prompts.<kind>`: the user's templates ('' = the default). */
  readonly prompts: Readonly<Partial<Record<ActionKind, string>>>;
  /** `unbound.actions.systemPrompt`; '' sends none (the model's own SYSTEM governs). */
  readonly systemPrompt: string;
  /** Lines of code above and below the range the prompt shows as context. */
  readonly contextLines: number;
}

/** Read when an action starts, so a changed template applies to the next action without a reload. */
export function readActionsSettings(): ActionsSettings {
  const c = vscode.workspace.getConfiguration('unbound.actions');
  const prompts: Partial<Record<ActionKind, string>> = {};
  for (const kind of ACTION_KINDS) {
    const value = c.get<unknown>(`prompts.${kind}`);
    if (typeof value === 'string') prompts[kind] = value;
  }
  const system = c.get<unknown>('systemPrompt');
  const lines = c.get<unknown>('contextLines');
  return {
    prompts,
    systemPrompt: typeof system === 'string' ? system : DEFAULT_SYSTEM_PROMPT,
    contextLines: typeof lines === 'number' && Number.isFinite(lines) ? Math.max(0, Math.min(200, Math.floor(lines))) : 20,
  };
}
