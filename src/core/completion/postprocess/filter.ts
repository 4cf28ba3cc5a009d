/** The shape every post-processing step has: a draft in, a draft (or a reason to drop it) out. */
import type { CursorContext } from './cursor';

export interface Draft {
  readonly text: string;
  /** Characters after the cursor the completion overwrites (auto-closed `)`, `"`...). */
  readonly replaceSuffixChars: number;
}

export interface Dropped {
  readonly kind: 'dropped';
  readonly reason: string;
}

export interface Filter {
  /** For the request log: which step changed or dropped a completion. */
  readonly name: string;
  apply(draft: Draft, cursor: CursorContext): Draft | Dropped;
}

export function dropped(reason: string): Dropped {
  return { kind: 'dropped', reason };
}

export function isDropped(value: Draft | Dropped): value is Dropped {
  return 'kind' in value && value.kind === 'dropped';
}
