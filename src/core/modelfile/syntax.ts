/**
 * What the Modelfile parser produces. Offsets index the document's string
 * (UTF-16 code units, as LSP positions do), so every diagnostic, symbol and
 * hover can point at the exact text.
 */

/** The instructions current Ollama accepts (docs/reference/modelfile.md section 3), lower case. */
export const INSTRUCTIONS = ['from', 'license', 'template', 'system', 'adapter', 'draft', 'renderer', 'parser', 'parameter', 'message', 'requires'] as const;
export type InstructionName = (typeof INSTRUCTIONS)[number];

export const MESSAGE_ROLES = ['system', 'user', 'assistant'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** [start, end) in the document. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Quoting = 'none' | 'double' | 'triple';

export interface Instruction {
  readonly name: InstructionName;
  /** The keyword as written (any case). */
  readonly keyword: Span;
  /** PARAMETER's name or MESSAGE's role, as written (an empty span after two spaces). */
  readonly argument?: { readonly text: string; readonly span: Span };
  /** The value after unquoting, as Ollama reads it. */
  readonly value: string;
  /** The value as written, quotes included, without surrounding blanks. */
  readonly valueSpan: Span;
  readonly quoting: Quoting;
  /** Keyword to the end of the value. */
  readonly span: Span;
}

export type ParseErrorKind = 'invalid-command' | 'invalid-role' | 'unexpected-eof' | 'unterminated-string' | 'no-from';

export interface ParseError {
  readonly kind: ParseErrorKind;
  /** Exactly what Ollama prints, e.g. `(line 5): command must be one of …`. */
  readonly message: string;
  readonly span: Span;
}

export interface ParsedModelfile {
  readonly instructions: readonly Instruction[];
  /**
   * Ollama stops at the first of these; the parser goes on at the next line so
   * the editor can show the rest too. `errors[0]` is Ollama's verdict.
   */
  readonly errors: readonly ParseError[];
  readonly comments: readonly Span[];
}
