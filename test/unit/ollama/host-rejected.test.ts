/**
 * Values of unbound.ollama.host (or OLLAMA_HOST) that are neither an http(s) URL
 * nor host[:port] are refused with a message naming the value, and Unbound talks
 * to the default local address instead of a host made up from the pieces.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resolveHost } from '../../../src/core/ollama/host';

const DEFAULT_URL = 'http://127.0.0.1:11434';

describe('resolveHost: values that are not a host', () => {
  for (const value of [
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'tcp://127.0.0.1:1234',
    'ftp://example.com',
    '127.0.0.1:abc',
    'http://127.0.0.1:x',
    'http://exa mple.com',
    'http://example.com/?q=1',
    'http://example.com/#frag',
    'example.com:11434/<script>',
  ]) {
    it(`${JSON.stringify(value)} is refused, naming the value and what is used instead`, () => {
      const h = resolveHost(value, undefined);
      assert.equal(h.url, DEFAULT_URL);
      assert.equal(h.rejected, true);
      assert.equal(h.warnings.length, 1);
      assert.ok(h.warnings[0]?.includes(JSON.stringify(value)), h.warnings[0]);
      assert.match(h.warnings[0] ?? '', /not an http\(s\) URL or host\[:port\]/);
      assert.match(h.warnings[0] ?? '', /127\.0\.0\.1:11434/);
      assert.equal(h.authorization, undefined);
    });
  }

  it('through OLLAMA_HOST too, and the message names OLLAMA_HOST', () => {
    const h = resolveHost('', 'javascript:alert(1)');
    assert.equal(h.url, DEFAULT_URL);
    assert.match(h.warnings[0] ?? '', /^OLLAMA_HOST /);
  });

  it('good values are not refused', () => {
    for (const value of ['', 'localhost', 'gpu-box:11434', 'http://10.0.0.2:8080', 'https://me:pw@proxy.example/ollama', '[::1]:1', 'ollama.com', ':66000']) {
      assert.equal(resolveHost(value, undefined).rejected, false, value);
    }
  });
});
