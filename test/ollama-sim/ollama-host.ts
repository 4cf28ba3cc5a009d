/** OLLAMA_HOST for `ollama serve` in the fake binary: the host:port forms of envconfig.Host(). */

const DEFAULT_PORT = 11434;

export interface ServeAddress {
  /** The host to bind; '' means all interfaces. */
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
}

/** OLLAMA_HOST as envconfig.Host() reads it (host:port forms; docs/reference/ollama-api.md section 1). */
export function parseOllamaHost(raw: string | undefined, warn: (msg: string) => void = () => undefined): ServeAddress {
  const value = (raw ?? '').trim().replace(/^["']+|["']+$/g, '');
  if (value === '') return { host: '127.0.0.1', port: DEFAULT_PORT, scheme: 'http' };
  let scheme: 'http' | 'https' = 'http';
  let defaultPort = DEFAULT_PORT;
  let rest = value;
  const sep = value.indexOf('://');
  if (sep >= 0) {
    scheme = value.slice(0, sep) === 'https' ? 'https' : 'http';
    defaultPort = scheme === 'https' ? 443 : 80;
    rest = value.slice(sep + 3);
  }
  rest = rest.split('/')[0] ?? '';
  let host = rest;
  let portText = '';
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(rest);
  if (bracket) {
    host = bracket[1] ?? '';
    portText = bracket[2] ?? '';
  } else if ((rest.match(/:/g) ?? []).length === 1) {
    const at = rest.lastIndexOf(':');
    host = rest.slice(0, at);
    portText = rest.slice(at + 1);
  }
  let port = defaultPort;
  if (portText !== '') {
    const n = Number(portText);
    if (Number.isInteger(n) && n >= 0 && n <= 65535) port = n;
    else warn(`invalid port, using default port=${portText} default=${defaultPort}`);
  }
  return { host, port, scheme };
}

