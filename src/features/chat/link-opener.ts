/**
 * Links in model output open only through here: http(s) only, and a host the
 * user has not opened from the chat before is confirmed first (a model can write
 * any URL, and the text of a link need not match its target).
 */
import * as vscode from 'vscode';

const SEEN_KEY = 'unbound.chat.trustedLinkHosts';

export async function openModelLink(href: string, state: vscode.Memento, log: vscode.LogOutputChannel): Promise<void> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    log.warn(`chat: ignored a link that is not a URL: ${href.slice(0, 200)}`);
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    void vscode.window.showWarningMessage(`Unbound opens only http and https links from the chat, not ${url.protocol} links.`);
    return;
  }
  const seen = state.get<string[]>(SEEN_KEY, []);
  if (!seen.includes(url.host)) {
    const open = 'Open';
    const always = `Open and trust ${url.host}`;
    const choice = await vscode.window.showWarningMessage(
      `The model's answer links to ${url.host}. Open ${url.toString()}?`,
      { modal: true, detail: 'Links in model output can point anywhere, whatever their text says.' },
      open,
      always,
    );
    if (!choice) return;
    if (choice === always) await state.update(SEEN_KEY, [...seen, url.host].slice(-200));
  }
  await vscode.env.openExternal(vscode.Uri.parse(url.toString(), true));
}
