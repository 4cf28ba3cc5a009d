/**
 * What the simulated model answers during a replayed typing trace: the file's
 * true continuation, cut into model-sized tokens, so type-ahead matches happen
 * as they do with a model that guesses right.
 */

/** What a perfect model would write at `offset`: the rest of the line, or the next line when at a line end. */
export function continuation(source: string, offset: number): string {
  const lineEnd = source.indexOf('\n', offset);
  const end = lineEnd < 0 ? source.length : lineEnd;
  const rest = source.slice(offset, end);
  if (rest.trim()) return rest;
  const nextEnd = source.indexOf('\n', end + 1);
  return source.slice(offset, nextEnd < 0 ? source.length : nextEnd);
}

/** Model tokens of 3-4 characters. */
export function tokens(text: string, random: () => number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; ) {
    const n = random() < 0.5 ? 3 : 4;
    out.push(text.slice(i, i + n));
    i += n;
  }
  return out;
}

/** Never in the typed source: a reply starting with it diverges at the next key, superseding the generation. */
export const WRONG = '\u00a7';

/**
 * What a plausible but imperfect code model answers at any cursor in Python:
 * a line drawn from a pool (seeded), then more lines, as models go on past the
 * line they were asked for. It never reads the file, so it never predicts what
 * the user types next: type-ahead cannot serve what a real model would not.
 */
const PYTHON_LINES: readonly string[] = [
  'value)',
  ' = None',
  'self.items.get(sku)',
  'len(self.items)',
  'item.quantity > 0',
  'return None',
  '"unknown"',
  'items',
  ')',
  'x',
  'result.append(item)',
  'raise KeyError(sku)',
  ' is not None',
  'sorted(values)',
  '0.0',
  'for item in items:',
  'total += item.value',
  'path.read_text()',
  'int(row["count"])',
  'name: str',
];

export function plausiblePythonReply(random: () => number): string {
  const pick = () => PYTHON_LINES[Math.floor(random() * PYTHON_LINES.length)]!;
  const first = pick();
  // A block opener gets a body; anything else is followed by the next statement the model imagines.
  return first.endsWith(':') ? `${first}\n        ${pick()}\n    ${pick()}\n` : `${first}\n    ${pick()}\n`;
}
