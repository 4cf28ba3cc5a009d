/**
 * Separates a model's reasoning from its answer while the answer streams in.
 *
 * Handles:
 * - Ollama's separate `thinking` field (then `content` is never parsed for tags:
 *   Ollama already split it, and the answer may talk about tags);
 * - `<think>…</think>` and `<thinking>…</thinking>` inline, also split across
 *   chunks (`<th` + `ink>`);
 * - an unclosed `<think>` at the end (all of it was reasoning);
 * - a lone `</think>` with no opening tag: R1 distills whose template pre-fills
 *   `<think>` emit only the closing tag, so everything before it was reasoning.
 *   When the caller knows that (`prefilledThink`), the splitter starts inside the
 *   reasoning. When it does not, the answer streamed so far is taken back with
 *   `retractAnswer` (the text moves to `reasoning`).
 * Tags inside inline code or a fenced block of the answer are text, not tags.
 */
import { pendingTagSuffix, TAG_PAIRS, type TagPair } from './tags';

export interface ReasoningChunk {
  readonly content?: string;
  readonly thinking?: string;
}

export interface ReasoningDelta {
  readonly reasoning: string;
  readonly answer: string;
  /**
   * Set when a lone `</think>` shows that the answer streamed so far was reasoning:
   * remove this many characters from the end of the answer received so far (they
   * are repeated at the start of `reasoning`).
   */
  readonly retractAnswer?: number;
}

export interface ReasoningSplitterOptions {
  /** The template ends the prompt with `<think>`: the output starts inside the reasoning. */
  readonly prefilledThink?: boolean;
}

type Mode =
  | { readonly kind: 'answer' }
  | { readonly kind: 'reasoning'; readonly pair: TagPair };

const OPEN_TAGS = TAG_PAIRS.map((p) => p.open);
const CLOSE_TAGS = TAG_PAIRS.map((p) => p.close);
const ALL_TAGS = [...OPEN_TAGS, ...CLOSE_TAGS];
const LONGEST_TAG = Math.max(...ALL_TAGS.map((t) => t.length));

/** Blank lines between `</think>` and the answer; indentation on the first answer line is kept. */
const LEADING_BLANK_LINES = /^(?:[ \t]*\r?\n)+/;

export class ReasoningSplitter {
  private mode: Mode;
  /** Text that may be the start of a tag, waiting for the next chunk. */
  private held = '';
  /** Ollama sent a `thinking` field: content is plain answer. */
  private fieldMode = false;
  /** Any tag seen: a later lone `</think>` cannot be the pre-filled case any more. */
  private sawTag = false;
  /** Started inside reasoning because the template pre-fills `<think>`, not because a tag arrived. */
  private startedPrefilled = false;
  /** Content text has arrived (parsed or not). */
  private sawContent = false;
  private answerEmitted = '';
  private reasoningEmitted = 0;
  /** Whitespace at the end of the reasoning, held until more reasoning arrives (trailing whitespace is dropped). */
  private reasoningTrail = '';
  /** Just after a closing tag: blank lines before the answer are dropped. */
  private afterClose = false;
  private afterCloseHeld = '';
  // Code state of the answer, so tags in `code` or ``` fences are text.
  private backtickRun = 0;
  private inFence = false;
  private inInline = false;

  constructor(options: ReasoningSplitterOptions = {}) {
    this.mode = options.prefilledThink ? { kind: 'reasoning', pair: TAG_PAIRS[0] } : { kind: 'answer' };
    if (options.prefilledThink) this.sawTag = true;
    this.startedPrefilled = Boolean(options.prefilledThink);
  }

  push(chunk: ReasoningChunk): ReasoningDelta {
    const out = new DeltaBuilder();
    if (chunk.thinking) {
      // With `think` on, Ollama parses the pre-filled block itself and sends the answer
      // as plain content: leave the assumed reasoning, or every answer token would be
      // classed as reasoning and the user would see an empty answer.
      if (!this.fieldMode && this.startedPrefilled && !this.sawContent && this.mode.kind === 'reasoning') {
        this.mode = { kind: 'answer' };
        this.held = '';
      }
      this.fieldMode = true;
      this.emitReasoning(out, chunk.thinking);
    }
    const content = chunk.content ?? '';
    if (content !== '') this.sawContent = true;
    if (this.fieldMode && this.mode.kind === 'answer') {
      const text = this.held + content;
      this.held = '';
      if (text !== '') this.emitAfterReasoning(out, text);
    } else if (content !== '') {
      const text = this.held + content;
      this.held = '';
      this.parse(out, text);
    }
    return out.build();
  }

  /** Flushes what was held back: a partial tag at the very end is text. */
  finish(): ReasoningDelta {
    const out = new DeltaBuilder();
    const rest = this.held;
    this.held = '';
    if (this.mode.kind === 'reasoning') {
      // An unclosed <think>: everything was reasoning.
      if (rest !== '') this.emitReasoning(out, rest);
    } else if (rest !== '') {
      this.emitAnswer(out, rest);
    }
    this.reasoningTrail = '';
    if (this.afterCloseHeld !== '' && this.afterClose) {
      // Only blank lines followed the closing tag: there is no answer text.
      this.afterCloseHeld = '';
    }
    return out.build();
  }

  private parse(out: DeltaBuilder, text: string): void {
    let i = 0;
    while (i < text.length) {
      if (this.mode.kind === 'reasoning') {
        const close = this.mode.pair.close;
        const at = text.indexOf(close, i);
        if (at < 0) {
          const hold = pendingTagSuffix(text.slice(i), [close]);
          this.emitReasoning(out, text.slice(i, text.length - hold));
          this.held = text.slice(text.length - hold);
          return;
        }
        this.emitReasoning(out, text.slice(i, at));
        this.reasoningTrail = '';
        this.mode = { kind: 'answer' };
        this.afterClose = true;
        i = at + close.length;
        continue;
      }
      // Answer: walk characters to keep track of code spans; stop at a tag.
      let j = i;
      let found: { readonly at: number; readonly tag: string } | undefined;
      for (; j < text.length; j++) {
        const ch = text[j];
        if (ch === '`') {
          this.backtickRun++;
          continue;
        }
        this.endBacktickRun();
        if (ch === '\n') this.inInline = false;
        if (ch !== '<' || this.inFence || this.inInline) continue;
        const tag = ALL_TAGS.find((t) => text.startsWith(t, j));
        if (tag) {
          found = { at: j, tag };
          break;
        }
        if (text.length - j < LONGEST_TAG && pendingTagSuffix(text.slice(j), ALL_TAGS) === text.length - j) {
          // A possible tag cut by the chunk boundary: wait for the rest.
          this.emitAnswer(out, text.slice(i, j));
          this.held = text.slice(j);
          return;
        }
      }
      if (!found) {
        this.emitAnswer(out, text.slice(i));
        return;
      }
      const before = text.slice(i, found.at);
      const pair = TAG_PAIRS.find((p) => p.open === found.tag);
      if (pair) {
        this.emitAnswer(out, before);
        this.sawTag = true;
        this.mode = { kind: 'reasoning', pair };
        i = found.at + found.tag.length;
        continue;
      }
      // A closing tag in the answer.
      if (!this.sawTag) {
        // Lone </think>: what came before was reasoning (the template pre-filled <think>).
        const earlier = this.answerEmitted;
        out.retract(earlier.length);
        this.answerEmitted = '';
        this.emitReasoning(out, earlier + before);
        this.reasoningTrail = '';
        this.sawTag = true;
        this.afterClose = true;
      } else {
        // A stray closing tag after a closed block: drop the tag itself.
        this.emitAnswer(out, before);
      }
      i = found.at + found.tag.length;
    }
  }

  private endBacktickRun(): void {
    if (this.backtickRun >= 3) this.inFence = !this.inFence;
    else if (this.backtickRun > 0 && !this.inFence) this.inInline = !this.inInline;
    this.backtickRun = 0;
  }

  private emitReasoning(out: DeltaBuilder, text: string): void {
    if (text === '') return;
    let piece = this.reasoningTrail + text;
    if (this.reasoningEmitted === 0) piece = piece.replace(/^\s+/, '');
    const trimmed = piece.replace(/\s+$/, '');
    this.reasoningTrail = piece.slice(trimmed.length);
    if (trimmed !== '') {
      out.reasoning(trimmed);
      this.reasoningEmitted += trimmed.length;
    }
  }

  /** Answer text right after a reasoning block or the thinking field: blank lines first are dropped. */
  private emitAfterReasoning(out: DeltaBuilder, text: string): void {
    if (this.reasoningEmitted > 0 && this.answerEmitted === '') this.afterClose = true;
    this.emitAnswer(out, text);
  }

  private emitAnswer(out: DeltaBuilder, text: string): void {
    if (text === '') return;
    let piece = text;
    if (this.afterClose) {
      piece = this.afterCloseHeld + piece;
      if (piece.trim() === '') {
        this.afterCloseHeld = piece;
        return;
      }
      piece = piece.replace(LEADING_BLANK_LINES, '');
      this.afterCloseHeld = '';
      this.afterClose = false;
    }
    this.answerEmitted += piece;
    out.answer(piece);
  }
}

class DeltaBuilder {
  private r = '';
  private a = '';
  private retracted = 0;

  reasoning(text: string): void {
    this.r += text;
  }

  answer(text: string): void {
    this.a += text;
  }

  retract(chars: number): void {
    // Anything answered in this same delta is dropped first; the rest was sent earlier.
    const fromThisDelta = Math.min(chars, this.a.length);
    this.a = this.a.slice(0, this.a.length - fromThisDelta);
    this.retracted += chars - fromThisDelta;
  }

  build(): ReasoningDelta {
    return this.retracted > 0 ? { reasoning: this.r, answer: this.a, retractAnswer: this.retracted } : { reasoning: this.r, answer: this.a };
  }
}
