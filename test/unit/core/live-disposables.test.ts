/** Chat editor tabs (and anything else owned until it closes): closed ones are let go at once. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Emitter } from '../../../src/core/events';
import { LiveDisposables } from '../../../src/core/live-disposables';

/** A stand-in for a webview panel: dispose() closes it and fires onDidDispose, as VS Code's does. */
function panel() {
  const closed = new Emitter<void>();
  let disposals = 0;
  return {
    onDidDispose: closed.event,
    dispose: () => {
      disposals++;
      closed.fire();
    },
    get disposals() {
      return disposals;
    },
  };
}

describe('LiveDisposables', () => {
  test('opening and closing N panels leaves the owned set empty, not N long', () => {
    const owned = new LiveDisposables();
    for (let i = 0; i < 50; i++) {
      const p = panel();
      owned.add(p, p.onDidDispose);
      assert.equal(owned.size, 1);
      p.dispose();
    }
    assert.equal(owned.size, 0);
  });

  test('the owner ends the panels still open, once each, and not those already closed', () => {
    const owned = new LiveDisposables();
    const closed = panel();
    const open = [panel(), panel()];
    for (const p of [closed, ...open]) owned.add(p, p.onDidDispose);
    closed.dispose();
    owned.dispose();
    assert.deepEqual(open.map((p) => p.disposals), [1, 1]);
    assert.equal(closed.disposals, 1, 'a closed panel is not disposed a second time');
    assert.equal(owned.size, 0);
  });
});
