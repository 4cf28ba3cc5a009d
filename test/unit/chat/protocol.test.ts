/**
 * Messages from the chat view: the extension acts only on what fits the
 * contract, so a compromised or buggy view cannot turn into a command.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_TEXT_CHARS, parseFromView } from '../../../src/protocol/chat';

describe('parseFromView', () => {
  test('accepts every well-formed message as is', () => {
    const good = [
      { type: 'ready' },
      { type: 'send', text: 'hello' },
      { type: 'stop' },
      { type: 'regenerate' },
      { type: 'editLast', text: 'again' },
      { type: 'newChat' },
      { type: 'pickModel', model: 'dolphin3:8b' },
      { type: 'setThink', on: false },
      { type: 'setPreset', preset: 'coder' },
      { type: 'copyMessage', turnId: 'abc' },
      { type: 'code', action: 'apply', code: 'x = 1', language: 'python' },
      { type: 'openLink', href: 'https://example.com/' },
      { type: 'addContext', kind: 'selection' },
      { type: 'mention', query: 'src/ma' },
      { type: 'removeChip', id: 'c1' },
      { type: 'errorAction', action: 'pull' },
      { type: 'showHistory' },
      { type: 'switchConversation', id: 'lq3-abc123' },
      { type: 'renameConversation', id: 'lq3-abc123' },
      { type: 'deleteConversation', id: 'lq3-abc123' },
      { type: 'exportConversation', id: 'lq3-abc123' },
    ];
    for (const m of good) {
      const r = parseFromView(m);
      assert.ok(r.ok, `${m.type}: ${r.ok ? '' : r.reason}`);
      assert.deepEqual(r.message, m);
    }
  });

  test('drops extra fields instead of passing them on', () => {
    const r = parseFromView({ type: 'send', text: 'hi', command: 'workbench.action.terminal.sendSequence' });
    assert.ok(r.ok);
    assert.deepEqual(r.message, { type: 'send', text: 'hi' });
  });

  test('rejects what does not fit, with a reason', () => {
    const bad: unknown[] = [
      null,
      'send',
      [],
      { type: 'launchMissiles' },
      { type: 'send' },
      { type: 'send', text: '   ' },
      { type: 'send', text: 42 },
      { type: 'send', text: 'x'.repeat(MAX_TEXT_CHARS + 1) },
      { type: 'setThink', on: 'yes' },
      { type: 'code', action: 'run', code: 'rm -rf /', language: 'sh' },
      { type: 'code', action: 'insert', code: 'x' },
      { type: 'errorAction', action: 'exec' },
      { type: 'addContext', kind: 'terminal' },
      { type: 'deleteConversation', id: '../../etc/passwd' },
      { type: 'switchConversation', id: '' },
      { type: 'pickModel', model: '' },
      { type: 'openLink', href: 'x'.repeat(9000) },
    ];
    for (const m of bad) {
      const r = parseFromView(m);
      assert.equal(r.ok, false, JSON.stringify(m)?.slice(0, 80));
      if (!r.ok) assert.ok(r.reason.length > 0);
    }
  });
});
