/**
 * A code fence longer than any backtick run inside, so text from a model or a
 * template cannot close it early and turn into markdown of its own. One pass over
 * the text: it may be long and hold any number of runs.
 */
export function fence(text: string, info = 'text'): string {
  let longest = 2;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96 /* ` */) {
      run++;
      if (run > longest) longest = run;
    } else {
      run = 0;
    }
  }
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${info}\n${text}\n${ticks}`;
}
