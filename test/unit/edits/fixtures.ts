// Reads test/fixtures/edits/*.txt (format in that folder's README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AnswerFixture {
  readonly file: string;
  readonly about: string;
  readonly language: string;
  readonly original: string;
  readonly answer: string;
  /** undefined: "no code". */
  readonly expected: string | undefined;
}

const DIR = join(__dirname, '../../fixtures/edits');

export function loadAnswerFixtures(): AnswerFixture[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => parse(file, readFileSync(join(DIR, file), 'utf8')));
}

function parse(file: string, text: string): AnswerFixture {
  const sections = new Map<string, string[]>();
  const about: string[] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const header = /^=== (.+)$/.exec(line);
    if (header) {
      current = [];
      sections.set(header[1] ?? '', current);
    } else if (current) current.push(line);
    else about.push(line);
  }
  const body = (name: string): string | undefined => {
    const lines = sections.get(name);
    if (!lines) return undefined;
    return (lines.at(-1) === '' ? lines.slice(0, -1) : lines).join('\n');
  };
  const language = [...sections.keys()].find((k) => k.startsWith('language '))?.slice('language '.length);
  const original = body('original');
  const answer = body('answer');
  const expected = body('expected');
  const noCode = sections.has('expected no code');
  if (!language || original === undefined || answer === undefined || (expected === undefined) === !noCode) {
    throw new Error(`${file}: needs language, original, answer and expected (or "expected no code")`);
  }
  return { file, about: about.join(' ').trim(), language, original, answer, expected: noCode ? undefined : expected };
}
