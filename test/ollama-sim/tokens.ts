/**
 * Tokens and stop sequences. A scripted reply is a list of tokens; a string is
 * split into word-ish tokens (leading whitespace stays with the word). Stop
 * sequences are matched across token boundaries and never emitted, like
 * Ollama's runner does (text that might start a stop sequence is held back).
 */

export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

export type StopStep = { readonly emit: string; readonly stopped: boolean };

export class StopFilter {
  private pending = '';

  constructor(private readonly stops: readonly string[]) {}

  /** Feeds one token; returns the text that is safe to send and whether a stop sequence was hit. */
  push(token: string): StopStep {
    this.pending += token;
    let cut = -1;
    for (const stop of this.stops) {
      if (!stop) continue;
      const at = this.pending.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      const emit = this.pending.slice(0, cut);
      this.pending = '';
      return { emit, stopped: true };
    }
    const hold = this.partialStopLength();
    const emit = this.pending.slice(0, this.pending.length - hold);
    this.pending = this.pending.slice(this.pending.length - hold);
    return { emit, stopped: false };
  }

  /** What was held back, sent when generation ends without a stop. */
  flush(): string {
    const rest = this.pending;
    this.pending = '';
    return rest;
  }

  /** Longest tail of the pending text that is a proper prefix of some stop sequence. */
  private partialStopLength(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, this.pending.length); n > longest; n--) {
        if (this.pending.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
