/** Links in model output: only web links open, and a new host is confirmed first. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decideLink } from '../../../src/core/chat/link-policy';

describe('decideLink', () => {
  test('javascript:, vbscript:, data:, file: and command: links never open', () => {
    for (const href of ['javascript:__canary()', 'JaVaScRiPt:alert(1)', 'vbscript:x', 'data:text/html;base64,PHN2Zz4=', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'not a url']) {
      assert.equal(decideLink(href, ['example.com']).kind, 'refuse', href);
    }
  });

  test('a host not trusted yet is confirmed; a trusted one opens', () => {
    assert.deepEqual(decideLink('https://docs.python.org/3/', []), { kind: 'confirm', url: 'https://docs.python.org/3/', host: 'docs.python.org' });
    assert.deepEqual(decideLink('https://docs.python.org/3/', ['docs.python.org']), { kind: 'open', url: 'https://docs.python.org/3/' });
    assert.equal(decideLink('http://docs.python.org:8080/', ['docs.python.org']).kind, 'confirm', 'another port is another host');
  });

  test('credentials that disguise the real host are always confirmed, naming the real host', () => {
    const d = decideLink('https://docs.python.org@attacker.example/x', ['docs.python.org', 'attacker.example']);
    assert.equal(d.kind, 'confirm');
    if (d.kind === 'confirm') assert.equal(d.host, 'attacker.example');
  });
});
