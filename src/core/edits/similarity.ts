/**
 * How much of one piece of code another shares, by identifiers: a rewrite of a function
 * keeps most of its names, a usage example keeps one (the function's own).
 */

function identifiers(code: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of code.matchAll(/[A-Za-z_$][\w$]*/g)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  return counts;
}

/** Dice coefficient over identifier multisets: 1 for the same names as often, 0 for none shared. */
export function identifierSimilarity(a: string, b: string): number {
  const x = identifiers(a);
  const y = identifiers(b);
  let shared = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [name, n] of x) shared += Math.min(n, y.get(name) ?? 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

/**
 * The head of a definition, `def mean` or `export function area`: the first non-blank line up
 * to its first bracket or colon. A block that starts the same definition rewrites it.
 */
export function definitionHead(code: string): string | undefined {
  const first = code.split('\n').find((l) => l.trim() !== '');
  const head = first?.trim().split(/[({:<=]/)[0]?.trim();
  return head && /\s/.test(head) ? head : undefined;
}
