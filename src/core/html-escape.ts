/**
 * Text as HTML text, for strings written into markup by hand: the "Why no
 * completion?" page and the chat view's renderer rules. Here in core, with no
 * DOM and no vscode, so the extension and the webview bundle share one copy.
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
