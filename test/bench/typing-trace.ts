/**
 * A seeded typing trace over a real source file: the keystrokes a person makes
 * writing a stretch of it, with the gaps between keys and the pauses where a
 * completion has time to appear. Enter carries the next line's indentation,
 * as an editor's auto-indent does.
 */

export interface Keystroke {
  /** Text inserted at the cursor by this key. */
  readonly insert: string;
  /** Milliseconds to wait after the previous key. */
  readonly delayMs: number;
  /** The user stops after this key (a pause follows). */
  readonly pauseAfter: boolean;
}

export interface TypingTrace {
  /** Document text before the typed stretch. */
  readonly before: string;
  /** The stretch the user types. */
  readonly typed: string;
  /** Document text after it (already there, as the suffix). */
  readonly after: string;
  readonly keys: readonly Keystroke[];
}

export interface TraceOptions {
  readonly seed: number;
  /** Offset in the source where typing starts (moved to the start of its line). */
  readonly startOffset: number;
  readonly minKeys: number;
  readonly keyGapMs: readonly [number, number];
  readonly pauseMs: readonly [number, number];
  /** A pause after every this many characters. */
  readonly charsBetweenPauses: readonly [number, number];
}

/** mulberry32: small, fast, and the same numbers on every machine for a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: () => number, [lo, hi]: readonly [number, number]): number {
  return Math.round(lo + random() * (hi - lo));
}

export function typingTrace(source: string, options: TraceOptions): TypingTrace {
  const random = seededRandom(options.seed);
  const start = source.lastIndexOf('\n', options.startOffset - 1) + 1;
  const keys: Keystroke[] = [];
  let i = start;
  let nextPause = between(random, options.charsBetweenPauses);
  let sincePause = 0;
  let pendingPause = 0;
  // Stop at a line end once enough keys were typed, so the typed stretch is whole lines.
  while (i < source.length && (keys.length < options.minKeys || source[i - 1] !== '\n')) {
    let insert = source[i]!;
    if (insert === '\n') {
      const indent = /^[ \t]*/.exec(source.slice(i + 1))![0];
      insert += indent;
    }
    i += insert.length;
    sincePause += insert.length;
    const pauseAfter = sincePause >= nextPause;
    const delayMs = pendingPause || between(random, options.keyGapMs);
    pendingPause = 0;
    keys.push({ insert, delayMs, pauseAfter });
    if (pauseAfter) {
      sincePause = 0;
      nextPause = between(random, options.charsBetweenPauses);
      pendingPause = between(random, options.pauseMs);
    }
  }
  // The last key always ends in a pause (the user stops typing).
  const last = keys.at(-1);
  if (last && !last.pauseAfter) keys[keys.length - 1] = { ...last, pauseAfter: true };
  return { before: source.slice(0, start), typed: source.slice(start, i), after: source.slice(i), keys };
}

/** How long the user stays idle after key `index` (0 when they type on). */
export function pauseAfterKey(trace: TypingTrace, index: number, finalPauseMs: number): number {
  const key = trace.keys[index];
  if (!key?.pauseAfter) return 0;
  return trace.keys[index + 1]?.delayMs ?? finalPauseMs;
}

/**
 * The trace the real-VS Code bench types into test/bench/fixtures/typed-source.py.txt, and
 * the debounce bench models: from `def total_value`, 60-180 ms between keys, a 600-1500 ms
 * pause every 20-40 characters. One definition, so the two benches measure the same rhythm.
 */
export function pythonBenchTrace(source: string, seed: number): TypingTrace {
  return typingTrace(source, {
    seed,
    startOffset: source.indexOf('    def total_value'),
    minKeys: 2000,
    keyGapMs: [60, 180],
    pauseMs: [600, 1500],
    charsBetweenPauses: [20, 40],
  });
}
