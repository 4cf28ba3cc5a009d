/**
 * What a completion notice says and which buttons it offers, given the code
 * models installed now. No vscode import: the words are unit-tested under node.
 */
import { RECOMMENDED_FIM_MODEL } from '../../core/completion/model-plan';
import { describeError } from '../../core/ollama/errors';
import { DEFAULT_REGISTRY, modelRegistry } from '../../core/ollama/registry';
import type { CompletionNotice } from '../../protocol/completion';
import { chatModelExplanation } from '../models/model-words';

/** What a notification says and the buttons it offers. */
export interface NoticeView {
  readonly level: 'info' | 'warning';
  readonly message: string;
  readonly buttons: readonly string[];
}

export const USE = 'Use It';
export const PULL = 'Pull It';
export const CHOOSE = 'Choose…';
export const OTHERS = 'Other Models…';
export const START = 'Start Ollama';
export const LOGS = 'Open Logs';

/** The words and buttons of a notice, given the code models installed now. Pure: unit-tested. */
export function noticeView(notice: CompletionNotice, fimModels: readonly string[]): NoticeView {
  const first = fimModels[0];
  switch (notice.kind) {
    case 'daemon-down':
      return { level: 'warning', message: `${describeError({ kind: 'not-running', host: notice.host }).message} Inline completions wait for it.`, buttons: [START, LOGS] };
    case 'model-missing': {
      const registry = modelRegistry(notice.model);
      const from = registry === DEFAULT_REGISTRY ? '' : ` Pulling it fetches it from ${registry}, not the Ollama library.`;
      return { level: 'warning', message: `The completion model ${notice.model} is not installed.${from}`, buttons: [PULL, CHOOSE] };
    }
    case 'model-not-fim': {
      const recommended = notice.recommended || RECOMMENDED_FIM_MODEL;
      return first === undefined
        ? { level: 'warning', message: `${chatModelExplanation(notice.model)} ${recommended} is a small one (about 1 GB).`, buttons: [PULL, OTHERS] }
        : { level: 'warning', message: `${chatModelExplanation(notice.model)} ${first} is installed and can.`, buttons: [USE, CHOOSE] };
    }
    case 'no-model':
      return first === undefined
        ? { level: 'info', message: `Inline completions need a code model trained to fill in the middle. ${RECOMMENDED_FIM_MODEL} is a small one (about 1 GB).`, buttons: [PULL, OTHERS] }
        : { level: 'info', message: `No model is set for inline completions. ${first} is installed and can fill in the middle.`, buttons: [USE, CHOOSE] };
    default: {
      const never: never = notice;
      throw new Error(`unknown notice ${JSON.stringify(never)}`);
    }
  }
}

