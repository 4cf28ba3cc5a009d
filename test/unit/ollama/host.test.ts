import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveHost } from '../../../src/core/ollama/host';

/**
 * envconfig/config_test.go TestHost, as Ollama's CLI resolves OLLAMA_HOST, with the
 * client-side mapping of unspecified addresses (ConnectableHost) applied: the URL
 * column is where Unbound connects.
 */
const envconfigCases: ReadonlyArray<readonly [name: string, value: string, url: string]> = [
  ['empty', '', 'http://127.0.0.1:11434'],
  ['only address', '1.2.3.4', 'http://1.2.3.4:11434'],
  ['only port', ':1234', 'http://127.0.0.1:1234'],
  ['address and port', '1.2.3.4:1234', 'http://1.2.3.4:1234'],
  ['hostname', 'example.com', 'http://example.com:11434'],
  ['hostname and port', 'example.com:1234', 'http://example.com:1234'],
  ['zero port', ':0', 'http://127.0.0.1:0'],
  ['too large port', ':66000', 'http://127.0.0.1:11434'],
  ['too small port', ':-1', 'http://127.0.0.1:11434'],
  ['ipv6 localhost', '[::1]', 'http://[::1]:11434'],
  ['ipv6 world open', '[::]', 'http://[::1]:11434'],
  ['ipv6 no brackets', '::1', 'http://[::1]:11434'],
  ['ipv6 + port', '[::1]:1337', 'http://[::1]:1337'],
  ['extra space', ' 1.2.3.4 ', 'http://1.2.3.4:11434'],
  ['extra quotes', '"1.2.3.4"', 'http://1.2.3.4:11434'],
  ['extra space+quotes', ' " 1.2.3.4 " ', 'http://1.2.3.4:11434'],
  ['extra single quotes', "'1.2.3.4'", 'http://1.2.3.4:11434'],
  ['http', 'http://1.2.3.4', 'http://1.2.3.4:80'],
  ['http port', 'http://1.2.3.4:4321', 'http://1.2.3.4:4321'],
  ['https', 'https://1.2.3.4', 'https://1.2.3.4:443'],
  ['https port', 'https://1.2.3.4:4321', 'https://1.2.3.4:4321'],
  ['proxy path', 'https://example.com/ollama', 'https://example.com:443/ollama'],
  ['ollama.com', 'ollama.com', 'https://ollama.com:443'],
];

describe('resolveHost: the envconfig examples', () => {
  for (const [name, value, url] of envconfigCases) {
    it(`${name}: ${JSON.stringify(value)} -> ${url}`, () => {
      assert.equal(resolveHost(value, undefined).url, url);
      // The same value through the environment resolves the same way.
      assert.equal(resolveHost('', value).url, url);
    });
  }
});

describe('resolveHost: parts of the result', () => {
  it('splits the default into scheme, host and port, and says it is the default', () => {
    const h = resolveHost('', undefined);
    assert.deepEqual(
      { scheme: h.scheme, hostname: h.hostname, port: h.port, basePath: h.basePath, source: h.source, loop: h.isLoopback },
      { scheme: 'http', hostname: '127.0.0.1', port: 11434, basePath: '', source: 'default', loop: true },
    );
    assert.equal(h.serveValue, '127.0.0.1:11434');
    assert.deepEqual(h.warnings, []);
  });

  it('keeps a reverse-proxy path without its trailing slash', () => {
    const h = resolveHost('https://gpu.example.com/ollama/', undefined);
    assert.equal(h.url, 'https://gpu.example.com:443/ollama');
    assert.equal(h.basePath, '/ollama');
    assert.equal(h.isLoopback, false);
  });

  it('drops a bare trailing slash', () => {
    assert.equal(resolveHost('http://localhost:11434/', undefined).url, 'http://localhost:11434');
  });

  it('keeps brackets on IPv6 hostnames and compresses the address', () => {
    const h = resolveHost('[0:0:0:0:0:0:0:1]:9000', undefined);
    assert.equal(h.hostname, '[::1]');
    assert.equal(h.url, 'http://[::1]:9000');
    assert.equal(h.isLoopback, true);
  });

  it('lower-cases host names', () => {
    assert.equal(resolveHost('LocalHost:8080', undefined).url, 'http://localhost:8080');
  });
});

describe('resolveHost: where the value comes from', () => {
  it('prefers the setting over OLLAMA_HOST', () => {
    const h = resolveHost('10.0.0.5:1234', '127.0.0.1:9999');
    assert.equal(h.url, 'http://10.0.0.5:1234');
    assert.equal(h.source, 'setting');
  });

  it('falls back to OLLAMA_HOST when the setting is empty or only spaces/quotes', () => {
    for (const setting of ['', '   ', '""', "' '"]) {
      const h = resolveHost(setting, '127.0.0.1:9999');
      assert.equal(h.url, 'http://127.0.0.1:9999', JSON.stringify(setting));
      assert.equal(h.source, 'env');
    }
  });

  it('uses the default when both are empty', () => {
    assert.equal(resolveHost('', '  ').source, 'default');
  });
});

describe('resolveHost: unspecified and empty bind addresses', () => {
  const cases: ReadonlyArray<readonly [string, string, string]> = [
    ['0.0.0.0', 'http://127.0.0.1:11434', '0.0.0.0:11434'],
    ['0.0.0.0:8080', 'http://127.0.0.1:8080', '0.0.0.0:8080'],
    ['::', 'http://[::1]:11434', '[::]:11434'],
    ['[::]:5000', 'http://[::1]:5000', '[::]:5000'],
    [':1234', 'http://127.0.0.1:1234', ':1234'],
  ];
  for (const [value, url, serve] of cases) {
    it(`${value} connects to ${url} and a spawned server still binds ${serve}`, () => {
      const h = resolveHost(value, undefined);
      assert.equal(h.url, url);
      assert.equal(h.isLoopback, true);
      assert.equal(h.serveValue, serve);
    });
  }
});

describe('resolveHost: isLoopback decides whether Unbound may start a daemon', () => {
  const cases: ReadonlyArray<readonly [string, boolean]> = [
    ['127.0.0.1', true],
    ['127.1.2.3:7000', true],
    ['localhost', true],
    ['http://localhost', true],
    ['::1', true],
    ['192.168.1.10', false],
    ['10.0.0.1:11434', false],
    ['example.com', false],
    ['ollama.com', false],
    ['https://127.0.0.1.example.com', false],
  ];
  for (const [value, loop] of cases) {
    it(`${value} -> ${loop}`, () => assert.equal(resolveHost(value, undefined).isLoopback, loop));
  }
});

describe('resolveHost: bad values fall back and say why', () => {
  // A port that is no number at all is refused with the whole value (host-rejected.test.ts).
  it('a port out of range uses the default port and warns naming the value', () => {
    for (const [value, url] of [
      ['127.0.0.1:70000', 'http://127.0.0.1:11434'],
      ['http://127.0.0.1:-5', 'http://127.0.0.1:80'],
      ['https://h.example:99999/p', 'https://h.example:443/p'],
    ] as const) {
      const h = resolveHost(value, undefined);
      assert.equal(h.url, url, value);
      assert.equal(h.warnings.length, 1, value);
      assert.match(h.warnings[0] ?? '', /invalid port/);
    }
  });

  it('the warning names where the value came from', () => {
    assert.match(resolveHost('', ':99999').warnings[0] ?? '', /^OLLAMA_HOST: invalid port "99999"/);
    assert.match(resolveHost(':99999', undefined).warnings[0] ?? '', /^unbound\.ollama\.host: invalid port "99999"/);
  });

  it('a scheme other than http(s) is refused, not read as http', () => {
    const h = resolveHost('tcp://10.0.0.9:1234', undefined);
    assert.equal(h.url, 'http://127.0.0.1:11434');
    assert.equal(h.rejected, true);
    assert.match(h.warnings[0] ?? '', /the scheme is "tcp"/);
  });

  it('a host that is not a host at all becomes the default host, with a warning', () => {
    const h = resolveHost('::1::2::3', undefined);
    assert.equal(h.url, 'http://127.0.0.1:11434');
    assert.match(h.warnings[0] ?? '', /invalid host/);
  });
});

describe('resolveHost: credentials', () => {
  it('moves user:pass out of the URL into an Authorization header', () => {
    const h = resolveHost('https://me:s%40cret@proxy.example/ollama', undefined);
    assert.equal(h.url, 'https://proxy.example:443/ollama');
    assert.equal(h.authorization, `Basic ${Buffer.from('me:s@cret').toString('base64')}`);
    assert.ok(!h.url.includes('cret'));
  });
});
