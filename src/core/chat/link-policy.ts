/**
 * What happens when the user clicks a link in a model's answer. A model can
 * write any URL, and a link's text need not match its target: only web links
 * open, and a host the user has not opened from the chat before is confirmed.
 */
export type LinkDecision =
  | { readonly kind: 'refuse'; readonly reason: string }
  | { readonly kind: 'confirm'; readonly url: string; readonly host: string }
  | { readonly kind: 'open'; readonly url: string };

export function decideLink(href: string, trustedHosts: readonly string[]): LinkDecision {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return { kind: 'refuse', reason: 'not a URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'refuse', reason: `Unbound opens only http and https links from the chat, not ${url.protocol} links.` };
  }
  // Credentials in a link are a classic disguise (`https://trusted.example@attacker.example`).
  if (url.username || url.password) return { kind: 'confirm', url: url.toString(), host: url.host };
  return trustedHosts.includes(url.host) ? { kind: 'open', url: url.toString() } : { kind: 'confirm', url: url.toString(), host: url.host };
}
