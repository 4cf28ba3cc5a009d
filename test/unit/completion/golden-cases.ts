/**
 * Golden completion cases: the model's raw answer at a cursor and the ghost text a
 * user should see (or none). Fixtures: test/fixtures/completion/*.jsonl (Tabby's
 * goldens, converted, and our own). The same cases run through post-processing
 * alone (postprocess-golden.test.ts) and through the engine against the Ollama
 * simulator (engine-golden.test.ts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultilineMode } from '../../../src/core/settings';

export interface GoldenCase {
  readonly id: string;
  readonly language: string;
  readonly prefix: string;
  readonly suffix: string;
  readonly raw: string;
  readonly expected: string | null;
  readonly replaceSuffixChars?: number;
  readonly multiline?: MultilineMode;
  /** The model answering (its family decides the prompt format and stop strings); qwen2.5-coder by default. */
  readonly model?: string;
  /** What the request log must say about a dropped case (a substring of its reason). */
  readonly droppedBy?: string;
  readonly why: string;
  readonly source: string;
}

const dir = join(import.meta.dirname, '../../fixtures/completion');

export const goldenFiles: readonly string[] = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort();

export function loadGolden(file: string): GoldenCase[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as GoldenCase);
}
