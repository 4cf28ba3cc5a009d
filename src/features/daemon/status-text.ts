import { describeDaemonCause } from '../../core/daemon/cause';
import type { DaemonState } from '../../core/daemon/state';

export interface StatusInputs {
  readonly state: DaemonState;
  readonly hostUrl: string;
  readonly completionModel: string;
  readonly chatModel: string;
  /** pid of the server Unbound started, while it runs. */
  readonly pid?: number;
}

export interface StatusView {
  readonly text: string;
  readonly tooltip: string;
  readonly isError: boolean;
}

/**
 * What the Ollama status bar item says: one short text about the daemon (the
 * details in the tooltip), so Ln/Col and the language keep their place beside it.
 * No vscode here so it is tested under node.
 */
export function renderDaemonStatus(input: StatusInputs): StatusView {
  const { state, hostUrl } = input;
  const click = 'Click for Ollama actions.';
  switch (state.kind) {
    case 'unknown':
      return { text: '$(circle-outline) Ollama', tooltip: `Checking Ollama at ${hostUrl}…`, isError: false };
    case 'not-installed':
      return {
        text: '$(circle-slash) Ollama: not installed',
        tooltip: `Ollama is not installed (nothing answers at ${hostUrl} and no ollama executable was found). ${click}`,
        isError: false,
      };
    case 'stopped':
      return {
        text: '$(debug-stop) Ollama: stopped',
        tooltip: `${describeDaemonCause(state.cause).message}\n${click}`,
        isError: false,
      };
    case 'starting':
      return { text: '$(sync~spin) Ollama: starting', tooltip: `Starting Ollama at ${hostUrl}…`, isError: false };
    case 'running': {
      const owner =
        state.owner === 'unbound'
          ? `Started by Unbound${input.pid !== undefined ? ` (pid ${input.pid})` : ''}; stopped when VS Code closes.`
          : 'Not started by Unbound (service, desktop app, terminal or another machine); Unbound leaves it running.';
      return {
        // The models are in the tooltip: the completion item beside this one names its model already.
        text: `$(check) Ollama ${state.version}`,
        tooltip: [
          `Ollama ${state.version} at ${hostUrl}`,
          owner,
          `Completion model: ${input.completionModel || '(none chosen)'}`,
          `Chat model: ${input.chatModel || '(none chosen)'}`,
          click,
        ].join('\n'),
        isError: false,
      };
    }
    case 'error':
      return { text: '$(error) Ollama: error', tooltip: `${describeDaemonCause(state.cause).message}\n${click}`, isError: true };
    default: {
      const unexpected: never = state;
      return { text: 'Ollama', tooltip: String(unexpected), isError: false };
    }
  }
}
