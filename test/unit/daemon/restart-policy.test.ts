import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../../src/core/daemon/restart-policy';

/** Only `now` matters to the policy; the test moves time by hand. */
function manualClock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

test('backs off 1 s, 2 s, 4 s, then gives up on the 4th death within a minute, and says so', () => {
  const clock = manualClock();
  const policy = new RestartPolicy(clock);
  const decisions = [];
  for (let i = 0; i < 4; i++) {
    decisions.push(policy.onUnexpectedExit());
    clock.advance(5_000);
  }
  assert.deepEqual(
    decisions.slice(0, 3).map((d) => (d.kind === 'restart' ? d.delayMs : d.kind)),
    [1_000, 2_000, 4_000],
  );
  const last = decisions[3];
  assert.deepEqual(last, { kind: 'give-up', cause: { kind: 'crashed-too-often', times: 4, windowSeconds: 60 } });
});

test('deaths spread wider than the window keep being restarted', () => {
  const clock = manualClock();
  const policy = new RestartPolicy(clock);
  for (let i = 0; i < 10; i++) {
    const d = policy.onUnexpectedExit();
    assert.equal(d.kind, 'restart', `death ${i + 1}`);
    clock.advance(25_000); // at most 3 restarts fall inside any 60 s window
  }
});

test('the window slides: once the oldest restart is older than 60 s another restart is granted', () => {
  const clock = manualClock();
  const policy = new RestartPolicy(clock);
  policy.onUnexpectedExit(); // t=0
  clock.advance(10_000);
  policy.onUnexpectedExit(); // t=10s
  clock.advance(10_000);
  policy.onUnexpectedExit(); // t=20s
  clock.advance(30_000);
  assert.equal(policy.onUnexpectedExit().kind, 'give-up', 't=50s: 3 restarts in the last minute');
  clock.advance(11_000);
  const d = policy.onUnexpectedExit(); // t=61s: the t=0 restart left the window
  assert.equal(d.kind, 'restart');
  assert.equal(d.kind === 'restart' ? d.delayMs : 0, 4_000, 'still two recent restarts, so the back-off stays long');
});

test('reset() (a start the user asked for) clears the history', () => {
  const clock = manualClock();
  const policy = new RestartPolicy(clock);
  for (let i = 0; i < 3; i++) policy.onUnexpectedExit();
  assert.equal(policy.onUnexpectedExit().kind, 'give-up');
  policy.reset();
  const d = policy.onUnexpectedExit();
  assert.deepEqual(d, { kind: 'restart', delayMs: 1_000, attempt: 1 });
});
