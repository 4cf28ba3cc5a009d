/**
 * A port of Ollama's Modelfile parser (`parser.ParseFile`, described in
 * docs/reference/modelfile.md section 2): the same state machine, the same
 * verdicts and the same messages, line numbers included (Ollama counts `\r`
 * and `\n` each as a line break). Unlike Ollama it records where each
 * instruction and each error is, and after an error it goes on at the next
 * line instead of stopping.
 */
import { INSTRUCTIONS, MESSAGE_ROLES, type Instruction, type InstructionName, type ParseError, type ParsedModelfile, type Quoting, type Span } from './syntax';

export const INVALID_COMMAND = `command must be one of ${INSTRUCTIONS.slice(0, -1).map((i) => `"${i}"`).join(', ')}, or "${INSTRUCTIONS.at(-1)}"`;
export const INVALID_ROLE = `message role must be one of ${MESSAGE_ROLES.slice(0, -1).map((r) => `"${r}"`).join(', ')}, or "${MESSAGE_ROLES.at(-1)}"`;
export const NO_FROM = 'no FROM line';

type State = 'nil' | 'name' | 'value' | 'parameter' | 'message' | 'comment';

const isAlpha = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9;
const isNewline = (c: number): boolean => c === 10 || c === 13;
/** Go's unicode.IsSpace, which strings.TrimSpace uses. */
const isTrimmed = (c: number): boolean => (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
/** Go's strconv.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. Other runes are dropped. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const isPrint = (c: number): boolean => (c >= 32 && c < 127) || (c >= 128 && printable.test(String.fromCodePoint(c)));

function isInstruction(word: string): word is InstructionName {
  return (INSTRUCTIONS as readonly string[]).includes(word);
}

/** `unquote` of parser.go: whether `raw` (already trimmed) is a complete value, and the value. */
export function unquote(raw: string): { ok: boolean; value: string; quoting: Quoting } {
  if (raw.startsWith('"""')) {
    if (raw.length >= 6 && raw.endsWith('"""')) return { ok: true, value: raw.slice(3, -3), quoting: 'triple' };
    return { ok: false, value: '', quoting: 'triple' };
  }
  if (raw.startsWith('"')) {
    if (raw.length >= 2 && raw.endsWith('"')) return { ok: true, value: raw.slice(1, -1), quoting: 'double' };
    return { ok: false, value: '', quoting: 'double' };
  }
  return { ok: true, value: raw, quoting: 'none' };
}

/** `unquote(raw).ok` for raw = text[start, end), without copying it (a long triple-quoted value is checked at every line). */
function complete(text: string, start: number, end: number): boolean {
  if (text.startsWith('"""', start)) return end - start >= 6 && text.startsWith('"""', end - 3);
  if (text.charCodeAt(start) === 34 /* " */) return end - start >= 2 && text.charCodeAt(end - 1) === 34;
  return true;
}

/** Ollama's line number at `offset` (the character that raised the error counts, so a newline moves it on). */
function ollamaLine(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i <= offset && i < text.length; i++) if (isNewline(text.charCodeAt(i))) line++;
  return line;
}

/** The trimmed [start, end) of text[from, to). */
function trimmed(text: string, from: number, to: number): Span {
  let start = from;
  let end = to;
  while (start < end && isTrimmed(text.charCodeAt(start))) start++;
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/** Drops what Ollama's buffer never receives (non-printable runes other than blanks and line breaks). */
function valueText(text: string, span: Span): string {
  const raw = text.slice(span.start, span.end);
  if (!/[^\x20-\x7e\t\r\n]/.test(raw)) return raw;
  let out = '';
  for (const ch of raw) {
    const c = ch.codePointAt(0) ?? 0;
    if (isPrint(c) || isSpace(c) || isNewline(c)) out += ch;
  }
  return out;
}

export function parseModelfile(source: string): ParsedModelfile {
  // A byte order mark is honoured (unicode.BOMOverride).
  const text = source;
  const begin = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const instructions: Instruction[] = [];
  const errors: ParseError[] = [];
  const comments: Span[] = [];

  let state: State = 'nil';
  let tokenStart = begin;
  let commandStart = begin;
  let name: InstructionName = 'from';
  let keyword: Span = { start: begin, end: begin };
  let argument: { text: string; span: Span } | undefined;
  let valueStart = begin;

  const fail = (kind: ParseError['kind'], message: string, span: Span): void => {
    errors.push({ kind, message, span });
  };
  /** After an error: skip to the next line and start over there, as if the line were not there. */
  const recoverFrom = (i: number): number => {
    state = 'nil';
    argument = undefined;
    let j = i;
    if (isNewline(text.charCodeAt(j))) return j;
    while (j < text.length && !isNewline(text.charCodeAt(j))) j++;
    return j;
  };
  const commit = (end: number): void => {
    const span = trimmed(text, valueStart, end);
    const raw = valueText(text, span);
    const { value, quoting } = unquote(raw);
    instructions.push({
      name,
      keyword,
      ...(argument ? { argument } : {}),
      value,
      valueSpan: span,
      quoting,
      span: { start: commandStart, end: span.end > keyword.end ? span.end : keyword.end },
    });
    argument = undefined;
  };

  const newline = /[\r\n]/g;
  const nextNewline = (from: number): number => {
    newline.lastIndex = from;
    return newline.exec(text)?.index ?? text.length;
  };

  for (let i = begin; i < text.length; i++) {
    const c = text.charCodeAt(i);
    switch (state) {
      case 'nil':
        if (c === 35 /* # */) {
          state = 'comment';
          tokenStart = i;
        } else if (!isSpace(c) && !isNewline(c)) {
          state = 'name';
          tokenStart = i;
          commandStart = i;
        }
        break;
      case 'comment':
        if (isNewline(c)) {
          comments.push({ start: tokenStart, end: i });
          state = 'nil';
        } else {
          i = nextNewline(i) - 1;
        }
        break;
      case 'name': {
        if (isAlpha(c)) break;
        const word = text.slice(tokenStart, i).toLowerCase();
        keyword = { start: tokenStart, end: i };
        if (!isSpace(c) || !isInstruction(word)) {
          fail('invalid-command', `(line ${ollamaLine(text, i)}): ${INVALID_COMMAND}`, isSpace(c) || isNewline(c) || i === tokenStart ? keyword : { start: tokenStart, end: i + 1 });
          i = recoverFrom(i) - 1;
          break;
        }
        name = word;
        tokenStart = i + 1;
        if (word === 'parameter') state = 'parameter';
        else if (word === 'message') state = 'message';
        else {
          state = 'value';
          valueStart = i + 1;
        }
        break;
      }
      case 'parameter':
      case 'message': {
        const parameter = state === 'parameter';
        if (isAlpha(c) || (parameter && (isDigit(c) || c === 95 /* _ */))) break;
        const word = text.slice(tokenStart, i);
        const span = { start: tokenStart, end: i };
        if (!isSpace(c)) {
          fail('unexpected-eof', `unexpected EOF: ${word}`, word ? span : keyword);
          i = recoverFrom(i) - 1;
          break;
        }
        if (!parameter && !(MESSAGE_ROLES as readonly string[]).includes(word)) {
          fail('invalid-role', `(line ${ollamaLine(text, i)}): ${INVALID_ROLE}`, word ? span : { start: keyword.end, end: i + 1 });
          i = recoverFrom(i) - 1;
          break;
        }
        argument = { text: word, span };
        state = 'value';
        valueStart = i + 1;
        break;
      }
      case 'value': {
        if (!isNewline(c)) {
          // Nothing but a line break changes this state: skip to it natively (a long value is most of a file).
          i = nextNewline(i) - 1;
          break;
        }
        const span = trimmed(text, valueStart, i);
        if (!complete(text, span.start, span.end)) break;
        commit(i);
        state = 'nil';
        break;
      }
    }
  }

  switch (state) {
    case 'nil':
      break;
    case 'comment':
      comments.push({ start: tokenStart, end: text.length });
      break;
    case 'value': {
      const span = trimmed(text, valueStart, text.length);
      if (complete(text, span.start, span.end)) commit(text.length);
      else fail('unterminated-string', 'unexpected EOF', span);
      break;
    }
    case 'name':
    case 'parameter':
    case 'message':
      fail('unexpected-eof', 'unexpected EOF', { start: state === 'name' ? tokenStart : keyword.start, end: text.length });
      break;
  }

  if (!instructions.some((i) => i.name === 'from')) fail('no-from', NO_FROM, { start: begin, end: begin });
  return { instructions, errors, comments };
}
