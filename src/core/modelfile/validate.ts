/**
 * Ollama's judgement of a Modelfile, with positions: the parse stage (from the
 * parser), the request-building stage `ollama create` runs before it sends
 * anything (parameter names and value types, REQUIRES, local files), the
 * template check the server does at create time, and lints for what Ollama
 * accepts silently but gets wrong (docs/reference/modelfile.md sections 1, 4-6).
 */
import { goParseBool, goParseFloat32, goParseInt, validRequires } from './go-values';
import { PARSERS, RENDERERS } from './instructions';
import { looksLikePath, resolveLocalPath, type PathContext } from './local-paths';
import { parameterDoc, PARAMETERS } from './parameters';
import { LineIndex } from './line-index';
import type { Instruction, ParsedModelfile, ParseErrorKind, Span } from './syntax';

export type Severity = 'error' | 'warning' | 'information';

/**
 * - parse: `ollama create` stops here (ParseFile).
 * - create: `ollama create` stops here before sending (CreateRequest), or the server refuses the request.
 * - lint: Ollama accepts it but it does not do what it seems to.
 */
export type Stage = 'parse' | 'create' | 'lint';

export interface ModelfileDiagnostic {
  readonly severity: Severity;
  readonly stage: Stage;
  readonly span: Span;
  /** Ollama's own words when Ollama reports it; ours for lints. */
  readonly message: string;
  /** The way out, when the message alone does not say it. */
  readonly hint?: string;
}

export interface ValidateOptions {
  /** Where local paths resolve; without it FROM/ADAPTER/DRAFT files are not checked. */
  readonly paths?: PathContext & { exists(path: string): boolean };
}

const PARSE_HINTS: Partial<Record<ParseErrorKind, string>> = {
  'invalid-command': 'Each instruction is a keyword followed by a space and its value on the same line; # starts a comment only at the beginning of a line.',
  'invalid-role': 'The role is lower case and follows MESSAGE after exactly one space.',
  'unterminated-string': 'This string is never closed: a value that starts with " ends only on a line that ends with " (""" for triple quotes).',
};

const SINGLE_VALUED = new Set(['template', 'system', 'renderer', 'parser', 'requires', 'adapter']);

function typeError(type: string, value: string): string | undefined {
  switch (type) {
    case 'int':
      return goParseInt(value) ? undefined : `invalid int value [${value}]`;
    case 'float':
      return goParseFloat32(value) ? undefined : `invalid float value [${value}]`;
    case 'bool':
      return goParseBool(value) ? undefined : `invalid bool value [${value}]`;
    default:
      return undefined;
  }
}

/** Levenshtein distance, for "did you mean" on a misspelt parameter name (names are short). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function checkParameter(ins: Instruction, out: ModelfileDiagnostic[]): void {
  const name = ins.argument?.text ?? '';
  const nameSpan = ins.argument?.span ?? ins.keyword;
  const doc = parameterDoc(name);
  if (name === '') {
    out.push({
      severity: 'error',
      stage: 'create',
      span: { start: ins.keyword.end, end: ins.valueSpan.start },
      message: `unknown parameter ''`,
      hint: 'PARAMETER takes exactly one space before the name: with two, Ollama reads an empty name and the whole rest as the value.',
    });
    return;
  }
  if (!doc || doc.status === 'removed') {
    const sameButCase = PARAMETERS.find((p) => p.status === 'current' && p.name.toLowerCase() === name.toLowerCase());
    const near = sameButCase ? undefined : PARAMETERS.find((p) => p.status === 'current' && editDistance(p.name, name.toLowerCase()) <= 2);
    out.push({
      severity: 'error',
      stage: 'create',
      span: nameSpan,
      message: `unknown parameter '${name}'`,
      ...(doc
        ? { hint: `${name} was removed (gone by Ollama ${doc.since}).` }
        : sameButCase
          ? { hint: `Parameter names are case-sensitive: ${sameButCase.name}.` }
          : near
            ? { hint: `Did you mean ${near.name}?` }
            : {}),
    });
    return;
  }
  if (doc.status === 'deprecated') {
    out.push({ severity: 'warning', stage: 'create', span: nameSpan, message: `warning: parameter ${name} is deprecated`, hint: `Ollama ignores it (since ${doc.since}).` });
    return;
  }
  const wrong = typeError(doc.type, ins.value);
  if (wrong) {
    out.push({
      severity: 'error',
      stage: 'create',
      span: ins.valueSpan,
      message: wrong,
      ...(/\s#/.test(ins.value) ? { hint: 'A Modelfile has no comments after an instruction: `#` only starts a comment at the beginning of a line.' } : {}),
    });
  }
}

function checkPath(ins: Instruction, options: ValidateOptions, out: ModelfileDiagnostic[]): void {
  const paths = options.paths;
  const value = ins.value;
  if (!paths || !looksLikePath(value)) return;
  const resolved = resolveLocalPath(value, paths);
  if (resolved === undefined || paths.exists(resolved)) return;
  if (ins.name === 'from') {
    out.push({
      severity: 'error',
      stage: 'lint',
      span: ins.valueSpan,
      message: `${resolved} does not exist`,
      hint: `Ollama would look for a model named "${value}" instead. Paths are relative to the Modelfile.`,
    });
  } else {
    out.push({ severity: 'error', stage: 'create', span: ins.valueSpan, message: `stat ${resolved}: no such file or directory` });
  }
}

const QUOTE_LENGTH = { none: 0, double: 1, triple: 3 } as const;
const OPENS_BLOCK = new Set(['if', 'range', 'with', 'define', 'block']);

/**
 * The Go text/template parse errors a hand-written template runs into
 * (an action never closed, an `end` too many or too few), worded as the server
 * words them; `index` is where in the template.
 */
export function templateProblem(template: string): { message: string; index: number } | undefined {
  const lineAt = (index: number): number => template.slice(0, index).split('\n').length;
  const blocks: number[] = [];
  for (let i = template.indexOf('{{'); i >= 0; ) {
    const close = template.indexOf('}}', i + 2);
    if (close < 0) return { message: `template: :${lineAt(i)}: unclosed action`, index: i };
    const body = template.slice(i + 2, close).replace(/^-\s/, '').trim();
    const word = /^[a-z]+\b/.exec(body)?.[0] ?? '';
    if (OPENS_BLOCK.has(word)) blocks.push(i);
    else if (word === 'end' && blocks.pop() === undefined) return { message: `template: :${lineAt(i)}: unexpected {{end}}`, index: i };
    i = template.indexOf('{{', close + 2);
  }
  const open = blocks.at(-1);
  return open === undefined ? undefined : { message: `template: :${lineAt(template.length)}: unexpected EOF`, index: open };
}

/** The server parses TEMPLATE at create time (400 `template error: …`); variables it no longer supplies only warn. */
function checkTemplate(text: string, ins: Instruction, out: ModelfileDiagnostic[]): void {
  const base = ins.valueSpan.start + QUOTE_LENGTH[ins.quoting];
  const problem = templateProblem(ins.value);
  if (problem) {
    out.push({ severity: 'error', stage: 'create', span: { start: base + problem.index, end: base + problem.index + 2 }, message: `template error: ${problem.message}` });
  }
  const raw = text.slice(ins.valueSpan.start, ins.valueSpan.end);
  for (const action of raw.matchAll(/\{\{[\s\S]*?\}\}/g)) {
    for (const variable of action[0].matchAll(/\.(First|Context)\b/g)) {
      const start = ins.valueSpan.start + (action.index ?? 0) + (variable.index ?? 0);
      out.push({
        severity: 'warning',
        stage: 'lint',
        span: { start, end: start + variable[0].length },
        message: `current Ollama no longer supplies ${variable[0]} to templates: it is always empty`,
        hint: variable[1] === 'First' ? 'Range over .Messages to tell the first turn apart.' : 'Conversation history comes in .Messages.',
      });
    }
  }
}

export function validateModelfile(text: string, parsed: ParsedModelfile, options: ValidateOptions = {}): ModelfileDiagnostic[] {
  const out: ModelfileDiagnostic[] = parsed.errors.map((e) => ({
    severity: 'error',
    stage: 'parse',
    span: e.span,
    message: e.message,
    ...(PARSE_HINTS[e.kind] ? { hint: PARSE_HINTS[e.kind] } : {}),
  }));
  const lines = new LineIndex(text);
  const last = new Map<string, Instruction>();
  for (const ins of parsed.instructions) {
    switch (ins.name) {
      case 'parameter':
        checkParameter(ins, out);
        break;
      case 'from':
        if (ins.value === '') out.push({ severity: 'error', stage: 'create', span: ins.keyword, message: "neither 'from' or 'files' was specified" });
        else checkPath(ins, options, out);
        break;
      case 'adapter':
      case 'draft':
        checkPath(ins, options, out);
        break;
      case 'requires':
        if (!validRequires(ins.value)) out.push({ severity: 'error', stage: 'create', span: ins.valueSpan, message: 'requires must be a valid semver (e.g. 0.14.0)' });
        break;
      case 'template':
        checkTemplate(text, ins, out);
        break;
      case 'renderer':
      case 'parser': {
        const known = ins.name === 'renderer' ? RENDERERS : PARSERS;
        if (!known.includes(ins.value)) {
          out.push({ severity: 'warning', stage: 'lint', span: ins.valueSpan, message: `${ins.value} is not a ${ins.name} Ollama v0.33 knows`, hint: `Known: ${known.join(', ')}.` });
        }
        break;
      }
      case 'system':
      case 'license':
      case 'message':
        break;
      default: {
        const never: never = ins.name;
        throw new Error(`unknown instruction ${String(never)}`);
      }
    }
    const key = ins.name === 'parameter' ? (ins.argument?.text === 'stop' ? '' : `parameter ${ins.argument?.text ?? ''}`) : SINGLE_VALUED.has(ins.name) ? ins.name : '';
    if (key) {
      const earlier = last.get(key);
      if (earlier) {
        out.push({ severity: 'information', stage: 'lint', span: earlier.keyword, message: `only the last ${key.toUpperCase()} counts: this one is overridden on line ${lines.lineAt(ins.keyword.start) + 1}` });
      }
      last.set(key, ins);
    }
  }
  return out;
}

/** What `ollama create` answers for this file: its first error, or undefined when it would create the model. */
export function ollamaVerdict(diagnostics: readonly ModelfileDiagnostic[]): string | undefined {
  const parse = diagnostics.find((d) => d.stage === 'parse');
  if (parse) return parse.message;
  return diagnostics.find((d) => d.stage === 'create' && d.severity === 'error')?.message;
}
