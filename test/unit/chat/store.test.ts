/** The history store: saves survive, a crash mid-save never corrupts, a corrupt file is set aside and reported. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { newConversation, type Conversation } from '../../../src/core/chat/conversation';
import { ChatStore } from '../../../src/core/chat/store';

function sample(now: number, text: string): Conversation {
  const c = newConversation(now, 'none');
  c.title = text;
  c.turns.push({ id: 'u1', role: 'user', content: text, reasoning: '', status: 'done' });
  c.turns.push({ id: 'a1', role: 'assistant', content: `answer to ${text}`, reasoning: 'hmm', status: 'done', model: 'dolphin3:8b' });
  return c;
}

describe('ChatStore', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'unbound-chat-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('saved conversations come back, newest first, with every field', async () => {
    const store = new ChatStore(dir);
    const older = sample(1000, 'first');
    const newer = sample(2000, 'second');
    await store.save(older);
    await store.save(newer);
    const { conversations, problems } = await new ChatStore(dir).loadAll();
    assert.deepEqual(problems, []);
    assert.deepEqual(conversations.map((c) => c.title), ['second', 'first']);
    assert.deepEqual(conversations[1], older);
  });

  test('a half-streamed answer saved before a reload comes back as stopped, with its text', async () => {
    const store = new ChatStore(dir);
    const c = sample(1000, 'q');
    const last = c.turns[1];
    assert.ok(last);
    last.status = 'streaming';
    last.content = 'half an ans';
    await store.save(c);
    const [loaded] = (await new ChatStore(dir).loadAll()).conversations;
    assert.equal(loaded?.turns[1]?.content, 'half an ans');
    assert.equal(loaded?.turns[1]?.status, 'stopped');
  });

  test('writes go through a temp file renamed into place: a crash before the rename leaves the old version whole', async () => {
    const store = new ChatStore(dir);
    const c = sample(1000, 'kept');
    await store.save(c);
    // What a crash between write and rename leaves behind: a partial temp file.
    writeFileSync(join(dir, `${c.id}.json.999.tmp`), '{"id": "trunc');
    const { conversations, problems } = await new ChatStore(dir).loadAll();
    assert.deepEqual(problems, []);
    assert.equal(conversations[0]?.title, 'kept');
    assert.ok(!readdirSync(dir).some((f) => f.endsWith('.tmp') && !f.includes('999')), 'no temp file left by a finished save');
  });

  test('a corrupt file is moved aside and reported; the others still load', async () => {
    const store = new ChatStore(dir, () => 42);
    await store.save(sample(1000, 'good'));
    writeFileSync(join(dir, 'broken-1.json'), '{ not json');
    writeFileSync(join(dir, 'wrongshape.json'), JSON.stringify({ id: 'wrongshape', turns: 'nope' }));
    const { conversations, problems } = await store.loadAll();
    assert.deepEqual(conversations.map((c) => c.title), ['good']);
    assert.equal(problems.length, 2);
    const files = readdirSync(dir);
    assert.ok(files.includes('broken-1.json.corrupt-42'), files.join(','));
    assert.ok(files.includes('wrongshape.json.corrupt-42'));
    assert.equal(readFileSync(join(dir, 'broken-1.json.corrupt-42'), 'utf8'), '{ not json', 'the bytes are kept for the user');
  });

  test('saves land in call order, and delete removes the file', async () => {
    const store = new ChatStore(dir);
    const c = sample(1000, 'v');
    const saves = [];
    for (let i = 0; i < 20; i++) {
      c.title = `v${i}`;
      saves.push(store.save(c));
    }
    await Promise.all(saves);
    assert.equal((await store.loadAll()).conversations[0]?.title, 'v19');
    await store.delete(c.id);
    assert.deepEqual((await store.loadAll()).conversations, []);
  });
});
