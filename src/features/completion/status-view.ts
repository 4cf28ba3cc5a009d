/**
 * What the completion status bar item says, from the engine's status and the
 * editor-side switches. Pure: the item itself only copies text and tooltip.
 */
import type { EngineStatus } from '../../core/completion/api';
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import { describeError } from '../../core/ollama/errors';
import { chatModelExplanation } from '../models/model-words';

export interface StatusInput {
  /** Undefined until the server reported (or while it is restarting). */
  readonly engine: EngineStatus | undefined;
  readonly serverState: 'starting' | 'running' | 'stopped';
  readonly enabled: boolean;
  readonly model: string;
  /** '' when not snoozed, else e.g. "Snoozed until 14:05". */
  readonly snoozed: string;
  /**
   * The daemon feature sees Ollama running. While it does not, the Ollama item
   * says why and offers what works; this item only says completions wait.
   */
  readonly ollamaAnswers: boolean;
}

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly warning: boolean;
  /** What a click does: the fix when there is one, else "Why no completion?". */
  readonly command: string;
}

const WHY = 'unbound.completion.whyNoCompletion';
const CHOOSE = 'unbound.models.chooseCompletionModel';
const clickHint = 'Click for the recent requests (Why no completion?).';
const chooseHint = 'Click to choose a code model.';

export function statusView(input: StatusInput): StatusView {
  const view = describe(input);
  return { command: WHY, ...view };
}

function describe(input: StatusInput): Omit<StatusView, 'command'> & { command?: string } {
  if (!input.enabled) return { text: '$(circle-slash) Completions off', tooltip: `Inline completions are turned off. ${clickHint}`, warning: false };
  if (input.snoozed) return { text: '$(debug-pause) Snoozed', tooltip: `${input.snoozed}. Run "Unbound: Snooze Inline Completions…" to resume.`, warning: false };
  if (input.serverState === 'stopped') {
    return { text: '$(warning) Completions', tooltip: `The completion server stopped. See the Unbound log. ${clickHint}`, warning: true };
  }
  if (!input.ollamaAnswers) {
    return { text: `$(circle-outline) ${input.model || 'Completions'}`, tooltip: 'Inline completions wait for Ollama. Click for Ollama actions.', warning: false, command: 'unbound.daemon.actions' };
  }
  const status = input.engine;
  if (!status) return { text: `$(sparkle) ${input.model || 'Completions'}`, tooltip: `Starting inline completions… ${clickHint}`, warning: false };
  switch (status.kind) {
    case 'idle':
      return { text: `$(sparkle) ${status.model}`, tooltip: `Inline completions by ${status.model}. ${clickHint}`, warning: false };
    case 'generating':
      return { text: `$(sync~spin) ${status.model}`, tooltip: `${status.model} is completing… ${clickHint}`, warning: false };
    case 'paused-for-chat':
      return { text: `$(debug-pause) ${input.model || 'Completions'}`, tooltip: `Paused while chat is generating, so they do not compete for the GPU. ${clickHint}`, warning: false };
    case 'no-model':
      return { text: '$(warning) No completion model', tooltip: `Inline completions need a code model. ${chooseHint}`, warning: true, command: CHOOSE };
    case 'model-not-fim': {
      const use = status.fimModels.length ? ` Installed code models: ${status.fimModels.join(', ')}.` : ` A small one to pull: ${RECOMMENDED_FIM_MODEL}.`;
      return { text: `$(warning) ${status.model}`, tooltip: `${chatModelExplanation(status.model)}${use} ${chooseHint}`, warning: true, command: CHOOSE };
    }
    case 'error':
      if (status.cause.kind === 'no-insert') {
        return { text: `$(warning) ${status.cause.model}`, tooltip: `${chatModelExplanation(status.cause.model)} ${chooseHint}`, warning: true, command: CHOOSE };
      }
      return { text: `$(warning) ${input.model || 'Completions'}`, tooltip: `${describeError(status.cause).message} ${clickHint}`, warning: true };
    default: {
      const never: never = status;
      return { text: '$(warning)', tooltip: JSON.stringify(never), warning: true };
    }
  }
}
