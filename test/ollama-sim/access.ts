/**
 * Ollama's request gates (server/routes.go): the Host-header check that blocks
 * DNS rebinding when serving on loopback, and the CORS origin list
 * (OLLAMA_ORIGINS plus the built-in one; docs/reference/ollama-api.md section 1).
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { atLeast } from './version';

function isPrivateOrLoopback(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
  }
  const v6 = ip.toLowerCase();
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('::ffff:127.');
}

/** allowedHostsMiddleware: only asked when the server listens on a loopback address. */
export function hostAllowed(hostHeader: string | undefined): boolean {
  if (!hostHeader) return true;
  let host = hostHeader;
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracket) host = bracket[1] ?? '';
  else if ((host.match(/:/g) ?? []).length === 1) host = host.slice(0, host.lastIndexOf(':'));
  host = host.toLowerCase();
  if (isIP(host)) return isPrivateOrLoopback(host);
  if (host === 'localhost' || host === hostname().toLowerCase()) return true;
  const tld = host.slice(host.lastIndexOf('.') + 1);
  return host.includes('.') && ['localhost', 'local', 'internal'].includes(tld);
}

function builtInOrigins(version: string): string[] {
  const out: string[] = [];
  for (const h of ['localhost', '127.0.0.1', '0.0.0.0']) out.push(`http://${h}`, `https://${h}`, `http://${h}:*`, `https://${h}:*`);
  out.push('app://*', 'file://*', 'tauri://*');
  if (atLeast(version, '0.4.0')) out.push('vscode-webview://*', 'vscode-file://*');
  return out;
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

export function originAllowed(origin: string, extra: readonly string[], version: string): boolean {
  return [...extra, ...builtInOrigins(version)].some((p) => p === '*' || globMatch(p, origin));
}
