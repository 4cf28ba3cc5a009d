/**
 * The model's answer shaped into the completion it can become, while it streams
 * and once it has ended: reasoning, a leaked token, an echoed middle marker, a
 * markdown fence and an echo of the cursor's line go; then the one rule for "one
 * line or a block" (line-scope.ts) and the loop detector say where it ends.
 *
 * The generation calls this on every token and stops the stream as soon as the
 * shape has an `end` (no later token can change what is shown); post-processing
 * calls it once on the whole answer. Same code, same cut.
 */
import { holdsReasoning, splitReasoning } from '../../reasoning/strip';
import { firstLeak, leadingEchoLength, SPECIAL_TOKEN_PATTERN } from '../formats/special-tokens';
import type { CursorContext } from './cursor';
import { lineScope, scopeEnd } from './line-scope';
import { dropIndent, indentWidth, isBlank, joinLines } from './lines';
import { isRunawayLine, repetitionEnd } from './stop-at-repetition';

/** Why an answer is complete before its stream ended. */
export type AnswerEnd = 'stop-token' | 'fence' | 'scope' | 'repetition';

export type Shaped =
  /** `end` set: complete, whatever the model sends next. Without it, more text may change `text`. */
  | { readonly kind: 'text'; readonly text: string; readonly end?: AnswerEnd }
  | { readonly kind: 'dropped'; readonly reason: string };

export interface ShapeOptions {
  /** The stream ended: no more text will come. */
  readonly final: boolean;
  /** The format's stop strings, also cut here: a server may ignore some. */
  readonly stops?: readonly string[];
}

const WAITING: Shaped = { kind: 'text', text: '' };

const OPENING_FENCE = /^\s*```[\w+#.-]*[ \t]*\n/;
/** What may still become an opening fence line. */
const FENCE_START = /^\s*`{1,3}[\w+#.-]*[ \t]*$/;
const FENCE_LINE = /^[ \t]*```[ \t]*$/;

export function shapeAnswer(received: string, cursor: CursorContext, options: ShapeOptions): Shaped {
  const { final } = options;
  let end: AnswerEnd | undefined;
  /** Whether nothing can come any more: the stream ended or the answer was cut. */
  const done = (): boolean => final || end !== undefined;
  const nothingLeft = (step: string, reason: string): Shaped => (done() ? { kind: 'dropped', reason: `${step}: ${reason}` } : WAITING);

  if (received.trim() === '') return nothingLeft('empty-answer', 'the model answered nothing (it stopped before writing any code)');
  let text = received;

  if (holdsReasoning(text, cursor.codeHasThinkTags)) {
    const { reasoning, answer } = splitReasoning(text);
    text = answer;
    if (text.trim() === '') return nothingLeft('drop-reasoning', reasoning === '' ? 'nothing left' : 'the model only produced reasoning (<think>), no code');
  }

  text = text.replace(/\r\n?/g, '\n');

  // A middle marker echoed first is dropped; any other token or stop string ends the answer.
  const isContent = (token: string): boolean => cursor.prefix.includes(token) || cursor.suffix.includes(token);
  text = text.slice(leadingEchoLength(text, isContent));
  const cut = firstCut(text, options.stops ?? [], isContent);
  if (cut) {
    text = text.slice(0, cut.at);
    end = 'stop-token';
    if (text.trim() === '') return nothingLeft('cut-special-tokens', `the answer starts with ${JSON.stringify(cut.token)}, a special token or stop string`);
  }

  if (!cursor.inFence && text.includes('`')) {
    const opening = OPENING_FENCE.exec(text);
    if (opening) text = text.slice(opening[0].length);
    else if (!done() && FENCE_START.test(text)) return WAITING;
    const lines = text.split('\n');
    const closing = lines.findIndex((line, i) => FENCE_LINE.test(line) && (i < lines.length - 1 || done()));
    if (closing >= 0) {
      text = lines.slice(0, closing).join('\n');
      end = 'fence';
    }
    if (text.trim() === '') return nothingLeft('strip-markdown-fence', 'nothing inside the fence');
  }

  const start = fixStart(text, cursor, done());
  if (start === undefined) return WAITING;
  text = start;
  if (text.trim() === '') return nothingLeft('trim-echo', 'the answer only repeats the line before the cursor');

  let lines = text.split('\n');
  if (lines.length > 1 || done()) {
    const { keep, closed } = scopeEnd(lines, lineScope(cursor, lines[0]), cursor.lang, !done());
    if (keep < lines.length && (closed || done())) {
      lines = lines.slice(0, keep);
      text = joinLines(lines);
      end = 'scope';
      if (text.trim() === '') return nothingLeft('limit-scope', 'nothing on the line the completion is for');
    }
  }

  // Lines a verdict may rest on: a partial last line may still grow.
  const judged = done() ? lines : lines.slice(0, -1);
  // The text ends where the model stopped (its budget ran out), not where it was cut.
  const cutOff = final && end === undefined;
  const keep = repetitionEnd(judged, cursor.lineBefore, cutOff);
  if (keep < judged.length) {
    lines = lines.slice(0, keep);
    text = joinLines(lines);
    end = 'repetition';
  } else if (cutOff && isRunawayLine(lines[lines.length - 1])) {
    if (lines.length === 1) return { kind: 'dropped', reason: 'stop-at-repetition: one line repeating itself until the token budget ran out' };
    text = joinLines(lines.slice(0, -1));
    end = 'repetition';
  }
  return end === undefined ? { kind: 'text', text } : { kind: 'text', text, end };
}

/** The first leaked special token or stop string, or undefined (the file's own text is not a leak). */
function firstCut(text: string, stops: readonly string[], isContent: (token: string) => boolean): { at: number; token: string } | undefined {
  const leak = firstLeak(text, isContent);
  let first = leak < 0 ? undefined : { at: leak, token: SPECIAL_TOKEN_PATTERN.exec(text.slice(leak))?.[0] ?? '</s>' };
  for (const stop of stops) {
    if (!stop || isContent(stop)) continue;
    const at = text.indexOf(stop);
    if (at >= 0 && (first === undefined || at < first.at)) first = { at, token: stop };
  }
  return first;
}

/**
 * The start of the answer fitted to the cursor; undefined while it cannot be told yet.
 * - On an empty (indented) line, an answer that starts with a line break and
 *   indentation starts at the cursor instead: the user is already there.
 * - After a space, a leading space would be a second one.
 * - A model that echoes the line before the cursor (`result = ` typed, answer
 *   `result = compute(data)`) has the echo removed.
 */
function fixStart(answer: string, cursor: CursorContext, done: boolean): string | undefined {
  const before = cursor.lineBefore;
  let text = answer;
  if (isBlank(before) && isBlank(cursor.lineAfter) && /^[ \t]*\n/.test(text)) {
    const content = text.search(/\S/);
    if (content < 0) return done ? '' : undefined;
    text = dropIndent(text.slice(text.lastIndexOf('\n', content) + 1), indentWidth(before));
  }
  if (isBlank(before)) return text;
  const typed = before.trimStart();
  if (/\w/.test(typed) && typed.trim().length >= 2) {
    const echo = [before, typed].find((e) => text.startsWith(e));
    if (echo !== undefined) text = text.slice(echo.length);
    else if (!done && !text.includes('\n') && typed.startsWith(text.trimStart())) return undefined;
  }
  if (/[ \t]$/.test(before)) text = text.replace(/^[ \t]+/, '');
  return text;
}
