// The simulator's small rules: token splitting, stop sequences across tokens, Go durations for keep_alive.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGoDuration, parseKeepAlive } from '../../ollama-sim/keep-alive';
import { splitTokens, StopFilter } from '../../ollama-sim/tokens';
import { atLeast } from '../../ollama-sim/version';

describe('ollama-sim: tokens', () => {
  it('splits text into word-ish tokens that join back to the same text', () => {
    const text = '  return a + b;\n}\n';
    const tokens = splitTokens(text);
    assert.deepEqual(tokens, ['  return', ' a', ' +', ' b;', '\n}', '\n']);
    assert.equal(tokens.join(''), text);
  });

  it('holds back a possible stop prefix and releases it when it is not one', () => {
    const f = new StopFilter(['<EOT>']);
    assert.deepEqual(f.push('a<E'), { emit: 'a', stopped: false });
    assert.deepEqual(f.push('x'), { emit: '<Ex', stopped: false });
    assert.deepEqual(f.push('b<EO'), { emit: 'b', stopped: false });
    assert.deepEqual(f.push('T>tail'), { emit: '', stopped: true });
  });

  it('cuts at the earliest of several stop sequences and flushes what was held', () => {
    const f = new StopFilter(['\n\n', 'END']);
    assert.deepEqual(f.push('x END y\n\n'), { emit: 'x ', stopped: true });
    const g = new StopFilter(['END']);
    assert.deepEqual(g.push('abcEN'), { emit: 'abc', stopped: false });
    assert.equal(g.flush(), 'EN');
  });
});

describe('ollama-sim: keep_alive', () => {
  it('numbers are seconds, negative is forever', () => {
    assert.deepEqual(parseKeepAlive(30), { kind: 'ms', ms: 30_000 });
    assert.deepEqual(parseKeepAlive(-1), { kind: 'forever' });
    assert.deepEqual(parseKeepAlive(undefined), { kind: 'ms', ms: 300_000 });
  });

  it('strings are Go durations; a bare number string needs a unit', () => {
    assert.equal(parseGoDuration('1h30m'), 5_400_000);
    assert.equal(parseGoDuration('1.5s'), 1500);
    assert.equal(parseGoDuration('0'), 0);
    assert.equal(parseGoDuration('-1m'), -60_000);
    assert.deepEqual(parseKeepAlive('-1m'), { kind: 'forever' });
    assert.deepEqual(parseKeepAlive('3600'), { kind: 'error', message: 'time: missing unit in duration "3600"' });
    assert.deepEqual(parseKeepAlive('5x'), { kind: 'error', message: 'time: unknown unit "x" in duration "5x"' });
  });
});

describe('ollama-sim: version gates', () => {
  it('compares release numbers, ignoring pre-release suffixes', () => {
    assert.equal(atLeast('0.33.0', '0.6.4'), true);
    assert.equal(atLeast('0.6.3', '0.6.4'), false);
    assert.equal(atLeast('0.12.4', '0.12.4'), true);
    assert.equal(atLeast('v0.33.0-rc2', '0.30.0'), true);
    assert.equal(atLeast('0.9.6', '0.10.0'), false);
  });
});
