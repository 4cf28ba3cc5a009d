/**
 * Conversations as JSON files, one per conversation, in a folder under the
 * extension's global storage. Writes are atomic (a temp file renamed over the old
 * one), so a crash while saving leaves the previous version whole. A file that
 * does not parse is moved aside (`*.corrupt-<time>`) and reported, never dropped.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TurnStatus } from '../../protocol/chat';
import { STORE_VERSION, type Conversation, type Turn } from './conversation';
import { errorMessage } from '../error-message';

export interface StoreProblem {
  readonly file: string;
  readonly movedTo: string;
  readonly reason: string;
}

export interface LoadResult {
  readonly conversations: Conversation[];
  readonly problems: StoreProblem[];
}

const FILE = /^([\w-]+)\.json$/;
const STATUSES: readonly TurnStatus[] = ['done', 'streaming', 'stopped', 'error'];
/** A file larger than this is not a conversation Unbound wrote. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class ChatStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly now: () => number = Date.now,
  ) {}

  async loadAll(): Promise<LoadResult> {
    await mkdir(this.dir, { recursive: true });
    const conversations: Conversation[] = [];
    const problems: StoreProblem[] = [];
    for (const name of await readdir(this.dir)) {
      const m = FILE.exec(name);
      if (!m) continue;
      const path = join(this.dir, name);
      try {
        const text = await readFile(path, 'utf8');
        if (text.length > MAX_FILE_BYTES) throw new Error('file too large');
        conversations.push(parseConversation(JSON.parse(text), m[1] ?? ''));
      } catch (e) {
        const movedTo = `${path}.corrupt-${this.now()}`;
        await rename(path, movedTo).catch(() => undefined);
        problems.push({ file: path, movedTo, reason: errorMessage(e) });
      }
    }
    conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return { conversations, problems };
  }

  /** Saves in call order: a slow earlier write never lands over a newer one. */
  save(conversation: Conversation): Promise<void> {
    const snapshot = JSON.stringify({ version: STORE_VERSION, ...conversation });
    const run = this.chain.then(() => this.write(conversation.id, snapshot));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * The last save when the extension host is going away: an async write queued then may never
   * run. Same temp-and-rename, so it is as safe as `save`.
   */
  saveNowSync(conversation: Conversation): void {
    mkdirSync(this.dir, { recursive: true });
    const target = join(this.dir, `${conversation.id}.json`);
    const temp = `${target}.${process.pid}.sync.tmp`;
    writeFileSync(temp, JSON.stringify({ version: STORE_VERSION, ...conversation }), 'utf8');
    renameSync(temp, target);
  }

  delete(id: string): Promise<void> {
    const run = this.chain.then(() => rm(join(this.dir, `${id}.json`), { force: true }));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async write(id: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = join(this.dir, `${id}.json`);
    const temp = `${target}.${process.pid}.tmp`;
    await writeFile(temp, text, 'utf8');
    await rename(temp, target);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a stored conversation, strictly: a file that does not fit is corrupt. */
export function parseConversation(raw: unknown, fileId: string): Conversation {
  if (!isObject(raw)) throw new Error('not an object');
  const { id, title, createdAt, updatedAt, preset, turns } = raw;
  if (typeof id !== 'string' || id !== fileId) throw new Error('id does not match the file name');
  if (typeof title !== 'string' || typeof createdAt !== 'number' || typeof updatedAt !== 'number') throw new Error('title or dates missing');
  if (!Array.isArray(turns)) throw new Error('turns missing');
  return {
    id,
    title,
    createdAt,
    updatedAt,
    preset: typeof preset === 'string' ? preset : 'default',
    turns: turns.map(parseTurn),
  };
}

function parseTurn(raw: unknown, index: number): Turn {
  if (!isObject(raw)) throw new Error(`turn ${index} is not an object`);
  const { id, role, content, reasoning, status } = raw;
  if (typeof id !== 'string' || (role !== 'user' && role !== 'assistant') || typeof content !== 'string') {
    throw new Error(`turn ${index} has no id, role or content`);
  }
  let s = STATUSES.find((x) => x === status) ?? 'done';
  // A turn saved while it streamed was cut by a reload or a crash: it is what arrived, stopped.
  if (s === 'streaming') s = 'stopped';
  const turn: Turn = { ...(raw as unknown as Turn), id, role, content, reasoning: typeof reasoning === 'string' ? reasoning : '', status: s };
  return turn;
}
