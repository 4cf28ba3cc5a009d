/**
 * "Why no completion?" as data: the one cause that blocks completions now, the
 * fix for it (a command the view turns into a button), the switches, and the
 * server's last requests. Pure, so each cause and fix is unit-tested under node.
 */
import type { EngineStatus, RequestLogEntry } from '../../core/completion/api';
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import { describeError } from '../../core/ollama/errors';
import type { CompletionSettings } from '../../core/settings';
import { languageEnabled } from '../../core/settings';
import { chatModelExplanation } from '../models/model-words';

/** A button: the command runs with `args` when clicked. */
export interface WhyFix {
  readonly label: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

export interface WhyRow {
  readonly id: number;
  readonly time: number;
  readonly model: string;
  /** Short: "shown", "skipped: mid-word", "error: not-running". */
  readonly outcome: string;
  readonly debounceMs: number;
  readonly ttftMs?: number;
  readonly totalMs?: number;
  readonly tokens?: number;
  readonly uri: string;
  readonly promptPreview: string;
  readonly raw: string;
  readonly final: string;
}

export interface WhyReport {
  /** The one thing in the way, in a user's words (or that nothing is). */
  readonly cause: string;
  readonly fix?: WhyFix;
  readonly facts: readonly string[];
  readonly rows: readonly WhyRow[];
  /** Each distinct long reason the rows carry, said once instead of on every row. */
  readonly details: readonly string[];
}

export interface WhyInput {
  readonly settings: CompletionSettings;
  readonly engine: EngineStatus | undefined;
  readonly serverState: 'starting' | 'running' | 'stopped';
  /** '' when not snoozed. */
  readonly snoozed: string;
  readonly languageId: string | undefined;
  readonly host: string;
  readonly lastClientDecision: string;
  readonly entries: readonly RequestLogEntry[];
}

export const CHOOSE_COMPLETION_MODEL: WhyFix = { label: 'Choose a Completion Model', command: 'unbound.models.chooseCompletionModel' };
const OPEN_LOGS: WhyFix = { label: 'Open Logs', command: 'unbound.showLogs' };

/** Every command a report's button may run: the view allows command links to these only. */
export const WHY_COMMANDS: readonly string[] = [
  CHOOSE_COMPLETION_MODEL.command,
  OPEN_LOGS.command,
  'unbound.completion.toggle',
  'unbound.completion.snooze',
  'unbound.daemon.actions',
  'unbound.models.pull',
  'workbench.action.openSettings',
];

function causeAndFix(input: WhyInput): { cause: string; fix?: WhyFix } {
  const { settings, engine } = input;
  if (!settings.enabled) return { cause: 'Inline completions are turned off.', fix: { label: 'Turn On', command: 'unbound.completion.toggle' } };
  if (input.snoozed) return { cause: `Inline completions are snoozed (${input.snoozed.replace(/^Snoozed /, '')}).`, fix: { label: 'Resume…', command: 'unbound.completion.snooze' } };
  if (input.languageId !== undefined && !languageEnabled(settings.languages, input.languageId)) {
    return {
      cause: `Inline completions are off for ${input.languageId} files.`,
      fix: { label: 'Open the Language Setting', command: 'workbench.action.openSettings', args: ['unbound.completion.languages'] },
    };
  }
  if (input.serverState === 'stopped') return { cause: 'The completion server stopped.', fix: OPEN_LOGS };
  switch (engine?.kind) {
    case undefined:
      return { cause: 'Inline completions are starting.' };
    case 'no-model':
      return { cause: 'No model is chosen for inline completions.', fix: CHOOSE_COMPLETION_MODEL };
    case 'model-not-fim':
      return {
        cause: `${chatModelExplanation(engine.model)} ${engine.fimModels.length ? `Installed code models: ${engine.fimModels.join(', ')}.` : `A small one is ${RECOMMENDED_FIM_MODEL}.`}`,
        fix: engine.fimModels.length ? CHOOSE_COMPLETION_MODEL : { label: `Pull ${RECOMMENDED_FIM_MODEL}`, command: 'unbound.models.pull', args: [RECOMMENDED_FIM_MODEL] },
      };
    case 'error': {
      const { message } = describeError(engine.cause);
      switch (engine.cause.kind) {
        case 'not-running':
          return { cause: message, fix: { label: 'Ollama Actions…', command: 'unbound.daemon.actions' } };
        case 'model-missing':
          return { cause: message, fix: { label: `Pull ${engine.cause.model}`, command: 'unbound.models.pull', args: [engine.cause.model] } };
        case 'no-insert':
          return { cause: chatModelExplanation(engine.cause.model), fix: CHOOSE_COMPLETION_MODEL };
        default:
          return { cause: message, fix: OPEN_LOGS };
      }
    }
    case 'paused-for-chat':
      return { cause: 'Paused while chat is generating, so the two do not compete for the GPU.' };
    case 'idle':
    case 'generating':
      if (settings.triggerMode === 'manual') return { cause: 'Trigger mode is manual: press Alt+\\ (Unbound: Trigger Inline Completion) to ask for one.' };
      return { cause: `Nothing is in the way: ${engine.model} completes as you type. The last requests below say what happened to each.` };
    default: {
      const never: never = engine;
      return { cause: JSON.stringify(never) };
    }
  }
}

/** "skipped (model-not-fim: <40 words>)" becomes "skipped: model-not-fim" plus one detail for the whole report. */
function splitReason(entry: RequestLogEntry): { outcome: string; detail?: string } {
  if (entry.partial && entry.outcome === 'shown') return { outcome: 'shown: streamed (first words, then the whole)' };
  if (!entry.reason) return { outcome: entry.outcome };
  const colon = entry.reason.indexOf(': ');
  if (colon < 0) return { outcome: `${entry.outcome}: ${entry.reason}` };
  return { outcome: `${entry.outcome}: ${entry.reason.slice(0, colon)}`, detail: entry.reason };
}

export function whyReport(input: WhyInput, limit = 50): WhyReport {
  const { settings } = input;
  const facts = [
    `Inline completions: ${settings.enabled ? 'on' : 'off'}`,
    `Trigger mode: ${settings.triggerMode}`,
    ...(input.languageId === undefined ? [] : [`Language of the active editor: ${input.languageId} (${languageEnabled(settings.languages, input.languageId) ? 'on' : 'off'})`]),
    `Model: ${settings.model || 'none chosen'}`,
    `Ollama: ${input.host}`,
    `Completion server: ${input.serverState}`,
    ...(input.lastClientDecision ? [`Last request in the editor: ${input.lastClientDecision}`] : []),
  ];
  const details: string[] = [];
  const rows = input.entries.slice(0, limit).map((entry): WhyRow => {
    const { outcome, detail } = splitReason(entry);
    if (detail && !details.includes(detail)) details.push(detail);
    return {
      id: entry.id,
      time: entry.time,
      model: entry.model,
      outcome,
      debounceMs: entry.debounceMs,
      ...(entry.ttftMs !== undefined ? { ttftMs: entry.ttftMs } : {}),
      ...(entry.totalMs !== undefined ? { totalMs: entry.totalMs } : {}),
      ...(entry.tokens !== undefined ? { tokens: entry.tokens } : {}),
      uri: entry.uri,
      promptPreview: entry.promptPreview,
      raw: entry.raw,
      final: entry.final,
    };
  });
  return { ...causeAndFix(input), facts, rows, details };
}
