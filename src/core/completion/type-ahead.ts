/**
 * Type-ahead reuse: when the user types exactly what the completion in flight (or
 * the one just shown) starts with, the rest of that completion is still right, so
 * it is served without asking the model again.
 *
 * Checks use short slices around the cursor, never a copy of the document.
 */
import type { TextSnapshot } from './api';

/** Characters before the cursor that must be unchanged for the edit to count as "typed ahead". */
const ANCHOR_PREFIX_CHARS = 256;
/** Characters after the cursor that must be unchanged. */
const ANCHOR_SUFFIX_CHARS = 256;
/** Longer jumps are not typing. */
const MAX_TYPED_CHARS = 512;

/** Where a completion was asked for. */
export interface Anchor {
  readonly uri: string;
  readonly model: string;
  readonly offset: number;
  readonly prefixTail: string;
  readonly suffixHead: string;
  /** The document's length then: an edit that inserted n characters at the cursor makes it n longer. */
  readonly documentLength: number;
}

export function anchorAt(uri: string, model: string, document: TextSnapshot, offset: number): Anchor {
  return {
    uri,
    model,
    offset,
    prefixTail: document.slice(Math.max(0, offset - ANCHOR_PREFIX_CHARS), offset),
    suffixHead: document.slice(offset, Math.min(document.length, offset + ANCHOR_SUFFIX_CHARS)),
    documentLength: document.length,
  };
}

/**
 * The characters typed since `anchor` when the new state is the anchored one with
 * text inserted at the anchor's cursor and the cursor after it ('' = same place);
 * undefined for any other edit (backspace, another line, another file or model).
 */
export function typedSince(anchor: Anchor, uri: string, model: string, document: TextSnapshot, offset: number): string | undefined {
  if (uri !== anchor.uri || model !== anchor.model) return undefined;
  const typedLength = offset - anchor.offset;
  if (typedLength < 0 || typedLength > MAX_TYPED_CHARS) return undefined;
  const tailStart = anchor.offset - anchor.prefixTail.length;
  if (tailStart < 0) return undefined;
  if (document.slice(tailStart, anchor.offset) !== anchor.prefixTail) return undefined;
  const suffixEnd = offset + anchor.suffixHead.length;
  if (suffixEnd > document.length) return undefined;
  if (document.slice(offset, suffixEnd) !== anchor.suffixHead) return undefined;
  // The suffix head must also be all that is left when the anchor saw the end of the document.
  if (anchor.suffixHead.length < ANCHOR_SUFFIX_CHARS && suffixEnd !== document.length) return undefined;
  return document.slice(anchor.offset, offset);
}

/**
 * What was typed since `anchor` when the edit that produced `document` inserted
 * text at the anchor's cursor (the cursor then follows it); undefined for any
 * other edit. For a change seen before the editor asks again (LSP didChange).
 */
export function typedByEdit(anchor: Anchor, uri: string, document: TextSnapshot): string | undefined {
  return typedSince(anchor, uri, anchor.model, document, anchor.offset + document.length - anchor.documentLength);
}

export type TypeAheadMatch =
  /** The completion continues past what was typed: `rest` is what is left to show. */
  | { readonly kind: 'rest'; readonly rest: string }
  /** Still generating and consistent so far: wait for more. */
  | { readonly kind: 'pending' }
  /** What was typed differs from the completion, or consumed all of it. */
  | { readonly kind: 'diverged' };

/** Compares typed text with a completion's text; `finished` says whether more text may still come. */
export function matchTyped(typed: string, text: string, finished: boolean): TypeAheadMatch {
  if (text.startsWith(typed)) {
    if (text.length > typed.length) return { kind: 'rest', rest: text.slice(typed.length) };
    return finished ? { kind: 'diverged' } : { kind: 'pending' };
  }
  if (!finished && typed.startsWith(text)) return { kind: 'pending' };
  return { kind: 'diverged' };
}

/**
 * Whether a generation still streaming can serve the user who typed `typed` since
 * its anchor, given the text it produced so far: what was typed is part of it, or
 * goes past it consistently (the model may still say the rest). With nothing
 * produced yet there is nothing to check a keystroke against: the answer is for a
 * text the user has changed.
 */
export function streamStillFits(typed: string, text: string): boolean {
  if (text.startsWith(typed)) return true;
  return text.length > 0 && typed.startsWith(text);
}
