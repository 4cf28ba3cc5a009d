/** Hover docs for instructions, parameters, MESSAGE roles and template variables. */
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { INSTRUCTION_DOCS } from '../../../core/modelfile/instructions';
import { parameterDoc, type ParameterDoc } from '../../../core/modelfile/parameters';
import type { Span } from '../../../core/modelfile/syntax';
import { TEMPLATE_FUNCTIONS, TEMPLATE_VARIABLES } from '../../../core/modelfile/template-variables';
import type { Analysis } from './analysis';

const ROLE_DOCS: Readonly<Record<string, string>> = {
  system: 'A system message in the example conversation.',
  user: 'What the user says in the example conversation.',
  assistant: 'What the model answers in the example conversation.',
};

const inside = (span: Span, offset: number): boolean => offset >= span.start && offset <= span.end;

export function parameterMarkdown(p: ParameterDoc): string {
  const status = p.status === 'current' ? '' : p.status === 'deprecated' ? `\n\n**Deprecated** since Ollama ${p.since}: ignored with a warning.` : `\n\n**Removed** (gone by Ollama ${p.since}): \`ollama create\` fails with \`unknown parameter '${p.name}'\`.`;
  return `**PARAMETER ${p.name}** \`${p.type}\`${p.repeatable ? ' (repeatable)' : ''}\n\nDefault: ${p.default}\n\n${p.doc}${status}`;
}

export function modelfileHover(analysis: Analysis, offset: number): Hover | null {
  const markdown = (value: string, span: Span): Hover => ({
    contents: { kind: MarkupKind.Markdown, value },
    range: { start: analysis.lines.position(span.start), end: analysis.lines.position(span.end) },
  });
  for (const ins of analysis.parsed.instructions) {
    if (offset < ins.span.start || offset > ins.span.end) continue;
    if (inside(ins.keyword, offset)) {
      const doc = INSTRUCTION_DOCS[ins.name];
      return markdown(`**${doc.usage}**\n\n${doc.doc}${doc.since ? `\n\nSince Ollama ${doc.since}.` : ''}`, ins.keyword);
    }
    if (ins.argument && inside(ins.argument.span, offset)) {
      if (ins.name === 'message') {
        const role = ROLE_DOCS[ins.argument.text];
        return role ? markdown(`**${ins.argument.text}**: ${role}`, ins.argument.span) : null;
      }
      const p = parameterDoc(ins.argument.text);
      return p ? markdown(parameterMarkdown(p), ins.argument.span) : null;
    }
    if (ins.name === 'template' && inside(ins.valueSpan, offset)) {
      const word = wordAt(analysis.text, offset);
      const known = word && [...TEMPLATE_VARIABLES, ...TEMPLATE_FUNCTIONS].find((v) => v.name === word.text);
      if (word && known) return markdown(`\`${known.name}\`: ${known.doc}`, word.span);
    }
    return null;
  }
  return null;
}

function wordAt(text: string, offset: number): { text: string; span: Span } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[\w.]/.test(c);
  let start = offset;
  let end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  if (start === end) return undefined;
  // `.Messages.Role` hovers as its first part.
  const raw = text.slice(start, end);
  const first = /^\.?\w+/.exec(raw)?.[0] ?? raw;
  return { text: first, span: { start, end: start + first.length } };
}
