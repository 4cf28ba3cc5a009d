import * as vscode from 'vscode';
import { describeDaemonCause } from '../../core/daemon/cause';
import type { UnboundContext, DaemonControl } from '../context';
import { showWithActions } from './daemon-actions';
import { offerInstall } from './install-offer';
import { NoticePolicy, type DaemonNotice } from './notice-policy';

/** Shows the notices NoticePolicy lets through: one per transition, never the same one twice in a row. */
export class DaemonNotifier implements vscode.Disposable {
  private readonly policy = new NoticePolicy();
  private readonly subscription: { dispose(): void };

  constructor(
    private readonly ctx: UnboundContext,
    daemon: DaemonControl,
  ) {
    this.subscription = daemon.onDidChangeState((state) => {
      const notice = this.policy.onState(state);
      if (notice) this.show(notice).then(undefined, (err: unknown) => ctx.log.error(`Notification failed: ${String(err)}`));
    });
  }

  private async show(notice: DaemonNotice): Promise<void> {
    switch (notice.kind) {
      case 'error': {
        const { message, actions } = describeDaemonCause(notice.cause);
        return showWithActions(vscode.window.showErrorMessage, message, actions);
      }
      case 'not-installed':
        return offerInstall('Ollama is not installed.');
      case 'went-away': {
        const { message, actions } = describeDaemonCause(notice.cause);
        return showWithActions(vscode.window.showWarningMessage, message, actions);
      }
      default: {
        const unexpected: never = notice;
        this.ctx.log.warn(`Unhandled daemon notice ${JSON.stringify(unexpected)}`);
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
