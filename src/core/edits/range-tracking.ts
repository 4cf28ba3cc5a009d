/**
 * Where the range being rewritten is after the user edits the document while the model
 * streams. Offsets, as VS Code's `TextDocumentContentChangeEvent` gives them (rangeOffset,
 * rangeLength, text). An edit before the range moves it; an edit after it does not matter;
 * an edit that touches the inside makes it lost, because applying the rewrite there would
 * overwrite what the user typed. A lost range keeps moving with the edits before it, so an
 * undo that puts the original text back where it was makes it usable again; it is never
 * searched for elsewhere in the file (an identical copy is someone else's code).
 */

export interface OffsetChange {
  readonly rangeOffset: number;
  readonly rangeLength: number;
  readonly text: string;
}

export interface TrackedRange {
  readonly start: number;
  readonly end: number;
  /** An edit touched the inside at some point. */
  readonly lost: boolean;
}

/**
 * Applies one document change event. The changes of one event all refer to the document
 * before it, so they are applied from the last offset to the first.
 */
export function trackRange(range: TrackedRange, changes: readonly OffsetChange[]): TrackedRange {
  let current = range;
  for (const change of [...changes].sort((a, b) => b.rangeOffset - a.rangeOffset)) current = trackOne(current, change);
  return current;
}

function trackOne(range: TrackedRange, change: OffsetChange): TrackedRange {
  const changeEnd = change.rangeOffset + change.rangeLength;
  const delta = change.text.length - change.rangeLength;
  // Typing right before the range (an insertion at its start) is outside it.
  if (changeEnd <= range.start) return { ...range, start: range.start + delta, end: range.end + delta };
  if (change.rangeOffset >= range.end) return range;
  return { start: range.start, end: Math.max(range.start, range.end + delta), lost: true };
}

/**
 * The offsets to apply a rewrite to now, or undefined when the range no longer holds
 * exactly `original` at its place: then nothing may be applied.
 */
export function resolveRange(range: TrackedRange, text: string, original: string): { readonly start: number; readonly end: number } | undefined {
  const end = range.start + original.length;
  return text.slice(range.start, end) === original ? { start: range.start, end } : undefined;
}
