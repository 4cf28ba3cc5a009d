/**
 * Turns the `unbound.ollama.host` setting (or OLLAMA_HOST) into the URL Unbound
 * connects to. Follows Ollama's own `envconfig.Host()` step by step
 * (docs/reference/ollama-api.md section 1), so a value that works for the `ollama` CLI works
 * here too, plus `ConnectableHost()`: a client never dials an unspecified address.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { ResolvedHost } from './types';

const DEFAULT_PORT_BARE = 11434;
const DEFAULT_HOST = '127.0.0.1';

type Scheme = ResolvedHost['scheme'];

/** Ollama's `Var()`: trim spaces, then quotes, then spaces again (`" ' 1.2.3.4 ' "`). */
function clean(value: string | undefined): string {
  return (value ?? '').trim().replace(/^["']+|["']+$/g, '').trim();
}

interface SplitHostPort {
  /** Host without brackets; '' for `:1234`. */
  readonly host: string;
  /** undefined when the value had no port at all (then the default applies silently). */
  readonly port: string | undefined;
}

/**
 * Go's net.SplitHostPort, with envconfig's fallback: a value without a port (or a
 * bare IPv6 address, which has "too many colons") is all host.
 */
function splitHostPort(hostport: string): SplitHostPort {
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close > 0) {
      const host = hostport.slice(1, close);
      const rest = hostport.slice(close + 1);
      if (rest.startsWith(':')) return { host, port: rest.slice(1) };
      return { host, port: undefined };
    }
  }
  const colons = hostport.split(':').length - 1;
  if (colons === 1) {
    const at = hostport.indexOf(':');
    return { host: hostport.slice(0, at), port: hostport.slice(at + 1) };
  }
  return { host: hostport, port: undefined };
}

/** strconv.ParseInt(port, 10, 32) and the 0..65535 check of envconfig. */
function parsePort(port: string): number | undefined {
  if (!/^[+-]?\d+$/.test(port)) return undefined;
  const n = Number(port);
  return n >= 0 && n <= 65535 ? n : undefined;
}

/** WHATWG URL does the lower-casing and IPv6 compression that Go's ip.String() does. */
function normaliseHost(host: string): string | undefined {
  try {
    const hostname = new URL(`http://${isIPv6(host) ? `[${host}]` : host}/`).hostname;
    return hostname.replace(/^\[|\]$/g, '');
  } catch {
    return undefined;
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function bracket(host: string): string {
  return isIPv6(host) ? `[${host}]` : host;
}

/** envconfig.ConnectableHost(): 0.0.0.0 and :: mean "all interfaces" to a server, nothing to a client. */
function connectable(host: string): string {
  if (host === '' || host === '0.0.0.0') return DEFAULT_HOST;
  if (host === '::') return '::1';
  return host;
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIPv4(h)) return h.startsWith('127.');
  if (isIPv6(h)) return h === '::1' || /^::ffff:127\./.test(h);
  return false;
}

/** A ResolvedHost plus what was wrong with the value, for the log and a settings hint. */
export interface HostResolution extends ResolvedHost {
  readonly warnings: readonly string[];
  /** The value was not an http(s) URL or host[:port]: the default address is used instead. */
  readonly rejected: boolean;
}

/**
 * Why `value` is not an http(s) URL or host[:port], or undefined. Stricter than
 * Ollama's envconfig, which reads `javascript:alert(1)` as host "javascript" with
 * an invalid port: a value that names no host must not make Unbound send code to
 * a host assembled from its pieces.
 */
function notAHost(value: string): string | undefined {
  const controlOrSpace = [...value].some((c) => c.charCodeAt(0) < 0x21 || c.charCodeAt(0) === 0x7f);
  if (controlOrSpace || /[<>"`{}|\\^?#]/.test(value)) return 'it contains characters a host cannot';
  const sep = value.indexOf('://');
  if (sep >= 0) {
    const scheme = value.slice(0, sep).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') return `the scheme is "${scheme}"`;
  }
  const rest = sep >= 0 ? value.slice(sep + 3) : value;
  const authority = rest.split('/')[0] ?? '';
  const hostport = authority.slice(authority.lastIndexOf('@') + 1);
  const split = splitHostPort(hostport);
  // A port out of range falls back to the default (envconfig does); one that is no number at all means this is no host.
  if (split.port !== undefined && split.port !== '' && !/^[+-]?\d+$/.test(split.port)) return `"${split.port}" is not a port`;
  if (sep < 0 && /^[a-z][a-z0-9+.-]*:/i.test(value) && split.port === undefined && !isIPv6(value)) return 'it looks like a URL of another kind';
  return undefined;
}

/**
 * @param setting the `unbound.ollama.host` setting ('' when unset)
 * @param env process.env.OLLAMA_HOST of the extension host (not necessarily the server's)
 */
export function resolveHost(setting: string, env: string | undefined): HostResolution {
  const fromSetting = clean(setting);
  const fromEnv = clean(env);
  const source: ResolvedHost['source'] = fromSetting ? 'setting' : fromEnv ? 'env' : 'default';
  const value = fromSetting || fromEnv;
  const label = source === 'setting' ? 'unbound.ollama.host' : 'OLLAMA_HOST';
  const refusal = notAHost(value);
  if (refusal !== undefined) {
    const fallback = resolveHost('', undefined);
    return {
      ...fallback,
      source,
      rejected: true,
      warnings: [`${label} ${JSON.stringify(value)} is not an http(s) URL or host[:port] (${refusal}); using ${fallback.url}.`],
    };
  }
  const warnings: string[] = [];

  let scheme: Scheme = 'http';
  let defaultPort = DEFAULT_PORT_BARE;
  let hostport = value;
  const sep = value.indexOf('://');
  if (sep < 0) {
    // The CLI's one special case: a bare `ollama.com` means the cloud API over TLS.
    if (value === 'ollama.com') {
      scheme = 'https';
      hostport = 'ollama.com:443';
    }
  } else {
    const given = value.slice(0, sep).toLowerCase();
    hostport = value.slice(sep + 3);
    // notAHost() let only http and https through.
    if (given === 'https') {
      scheme = 'https';
      defaultPort = 443;
    } else {
      defaultPort = 80;
    }
  }

  const slash = hostport.indexOf('/');
  const rawPath = slash < 0 ? '' : hostport.slice(slash + 1);
  hostport = slash < 0 ? hostport : hostport.slice(0, slash);
  const basePath = rawPath.replace(/\/+$/, '') ? `/${rawPath.replace(/\/+$/, '')}` : '';

  // `user:pass@host` (a reverse proxy with basic auth): fetch refuses URLs with
  // credentials, so they travel as an Authorization header instead.
  let authorization: string | undefined;
  const at = hostport.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = hostport.slice(0, at);
    hostport = hostport.slice(at + 1);
    authorization = `Basic ${Buffer.from(safeDecode(userinfo)).toString('base64')}`;
  }

  const split = splitHostPort(hostport);
  let port = defaultPort;
  if (split.port !== undefined) {
    const parsed = parsePort(split.port);
    if (parsed === undefined) {
      warnings.push(`${label}: invalid port "${split.port}", using default ${defaultPort}.`);
    } else {
      port = parsed;
    }
  }

  // Go's fallback: no host and no port at all is 127.0.0.1; `:1234` is "all interfaces".
  const givenHost = split.host === '' && split.port === undefined ? DEFAULT_HOST : split.host;
  let bindHost = givenHost === '' ? '' : normaliseHost(givenHost);
  if (bindHost === undefined || (bindHost.includes(':') && !isIPv6(bindHost))) {
    warnings.push(`${label}: invalid host "${split.host}", using ${DEFAULT_HOST}.`);
    bindHost = DEFAULT_HOST;
  }
  const hostname = bracket(connectable(bindHost));

  return {
    url: `${scheme}://${hostname}:${port}${basePath}`,
    scheme,
    hostname,
    port,
    basePath,
    isLoopback: isLoopbackHost(hostname),
    source,
    // The bind address as the user wrote it: `0.0.0.0` asks the server to listen on
    // every interface, and a server Unbound starts should honour that.
    serveValue: `${bracket(bindHost)}:${port}`,
    ...(authorization ? { authorization } : {}),
    warnings,
    rejected: false,
  };
}
