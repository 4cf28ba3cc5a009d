/**
 * A code fence longer than any backtick run inside, so text from a model or a
 * template cannot close it early and turn into markdown of its own.
 */
export function fence(text: string, info = 'text'): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}`;
}
