/**
 * Completion in a Modelfile, by what the cursor's line says so far:
 * instructions at the start of a line, parameter names (type and default)
 * after PARAMETER, roles after MESSAGE, installed models after FROM, built-in
 * names after RENDERER/PARSER, variables and functions inside a TEMPLATE action.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import { INSTRUCTION_DOCS, PARSERS, RENDERERS } from '../../../core/modelfile/instructions';
import { PARAMETERS } from '../../../core/modelfile/parameters';
import { MESSAGE_ROLES } from '../../../core/modelfile/syntax';
import { TEMPLATE_FUNCTIONS, TEMPLATE_VARIABLES } from '../../../core/modelfile/template-variables';
import type { Analysis } from './analysis';
import { parameterMarkdown } from './lsp-hover';

/** Most model names offered after FROM: a server may list thousands. */
export const MAX_MODEL_ITEMS = 500;

export type CompletionContext =
  | { readonly kind: 'instruction' }
  | { readonly kind: 'parameter-name' }
  | { readonly kind: 'role' }
  | { readonly kind: 'model' }
  | { readonly kind: 'renderer' | 'parser' }
  | { readonly kind: 'template' }
  | { readonly kind: 'none' };

/** Whether `offset` is past the first line of a multi-line value (complete or still open). */
function insideValue(analysis: Analysis, offset: number): 'template' | 'other' | undefined {
  for (const ins of analysis.parsed.instructions) {
    if (offset > ins.valueSpan.start && offset <= ins.valueSpan.end && ins.quoting !== 'none') return ins.name === 'template' ? 'template' : 'other';
  }
  const open = analysis.parsed.errors.find((e) => e.kind === 'unterminated-string');
  if (open && offset > open.span.start) {
    const keyword = /(\w+)\s*$/.exec(analysis.text.slice(Math.max(0, open.span.start - 40), open.span.start))?.[1]?.toLowerCase();
    return keyword === 'template' ? 'template' : 'other';
  }
  return undefined;
}

export function completionContext(analysis: Analysis, offset: number): CompletionContext {
  const { line } = analysis.lines.position(offset);
  const before = analysis.text.slice(analysis.lines.offset(line, 0), offset);
  const value = insideValue(analysis, offset);
  if (value === 'template') return /\{\{-?[^}]*$/.test(before) ? { kind: 'template' } : { kind: 'none' };
  if (value === 'other') return { kind: 'none' };
  if (/^[ \t]*[A-Za-z]*$/.test(before)) return { kind: 'instruction' };
  if (/^[ \t]*parameter[ \t][A-Za-z0-9_]*$/i.test(before)) return { kind: 'parameter-name' };
  if (/^[ \t]*message[ \t][A-Za-z]*$/i.test(before)) return { kind: 'role' };
  if (/^[ \t]*from[ \t]+[^ \t]*$/i.test(before)) return { kind: 'model' };
  const named = /^[ \t]*(renderer|parser)[ \t]+[^ \t]*$/i.exec(before);
  if (named) return { kind: named[1]?.toLowerCase() === 'renderer' ? 'renderer' : 'parser' };
  if (/^[ \t]*template[ \t]+.*\{\{-?[^}]*$/i.test(before)) return { kind: 'template' };
  return { kind: 'none' };
}

export function instructionItems(): CompletionItem[] {
  return Object.values(INSTRUCTION_DOCS).map((doc, i) => ({
    label: doc.name.toUpperCase(),
    kind: CompletionItemKind.Keyword,
    detail: doc.usage,
    documentation: { kind: MarkupKind.Markdown, value: doc.doc },
    insertText: doc.snippet,
    insertTextFormat: InsertTextFormat.Snippet,
    sortText: String(i).padStart(2, '0'),
  }));
}

export function parameterItems(): CompletionItem[] {
  return PARAMETERS.filter((p) => p.status === 'current').map((p) => ({
    label: p.name,
    kind: CompletionItemKind.Property,
    detail: `${p.type}, default ${p.default}`,
    documentation: { kind: MarkupKind.Markdown, value: parameterMarkdown(p) },
  }));
}

export function roleItems(): CompletionItem[] {
  return MESSAGE_ROLES.map((role) => ({ label: role, kind: CompletionItemKind.EnumMember }));
}

export function modelItems(names: readonly string[]): CompletionItem[] {
  return names.slice(0, MAX_MODEL_ITEMS).map((name) => ({ label: name, kind: CompletionItemKind.Module, detail: 'installed model' }));
}

export function namedItems(kind: 'renderer' | 'parser'): CompletionItem[] {
  return (kind === 'renderer' ? RENDERERS : PARSERS).map((name) => ({ label: name, kind: CompletionItemKind.EnumMember, detail: `built-in ${kind} (Ollama v0.33)` }));
}

export function templateItems(): CompletionItem[] {
  return [
    ...TEMPLATE_VARIABLES.map((v) => ({ label: v.name, kind: CompletionItemKind.Variable, documentation: v.doc, filterText: v.name, insertText: v.name })),
    ...TEMPLATE_FUNCTIONS.map((f) => ({ label: f.name, kind: CompletionItemKind.Function, documentation: f.doc })),
  ];
}
