/** Opens a link from model output after decideLink (src/core/chat/link-policy.ts) allows it. */
import * as vscode from 'vscode';
import { decideLink } from '../../core/chat/link-policy';

const SEEN_KEY = 'unbound.chat.trustedLinkHosts';

export async function openModelLink(href: string, state: vscode.Memento, log: vscode.LogOutputChannel): Promise<void> {
  const seen = state.get<string[]>(SEEN_KEY, []);
  const decision = decideLink(href, seen);
  switch (decision.kind) {
    case 'refuse':
      log.warn(`chat: did not open a link (${decision.reason}): ${href.slice(0, 200)}`);
      void vscode.window.showWarningMessage(decision.reason === 'not a URL' ? 'That link is not a web address.' : decision.reason);
      return;
    case 'confirm': {
      const open = 'Open';
      const always = `Open and trust ${decision.host}`;
      const choice = await vscode.window.showWarningMessage(
        `The model's answer links to ${decision.host}. Open ${decision.url}?`,
        { modal: true, detail: 'Links in model output can point anywhere, whatever their text says.' },
        open,
        always,
      );
      if (!choice) return;
      if (choice === always) await state.update(SEEN_KEY, [...seen.filter((h) => h !== decision.host), decision.host].slice(-200));
      await vscode.env.openExternal(vscode.Uri.parse(decision.url, true));
      return;
    }
    case 'open':
      await vscode.env.openExternal(vscode.Uri.parse(decision.url, true));
      return;
  }
}
