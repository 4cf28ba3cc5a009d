/**
 * What an action works on: the selection (whole lines, so the rewrite re-indents cleanly),
 * or with no selection the innermost function, method or class around the cursor from
 * the document's symbols.
 */
import * as vscode from 'vscode';
import { definitionHead } from '../../core/edits/similarity';

export interface ActionTarget {
  readonly document: vscode.TextDocument;
  /** Whole lines: from column 0 of the first to the end of the last (its line break excluded). */
  readonly range: vscode.Range;
  /** For titles: the symbol's name, or "lines 4-9". */
  readonly label: string;
}

/** Arguments the commands take from code actions, menus and tests. */
export interface ActionArgs {
  readonly uri?: vscode.Uri | string;
  readonly range?: vscode.Range;
  /** Refactor / Edit: skip the input box. */
  readonly instruction?: string;
}

const CODE_SYMBOLS = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface,
  vscode.SymbolKind.Struct,
  vscode.SymbolKind.Enum,
  vscode.SymbolKind.Module,
  vscode.SymbolKind.Namespace,
]);

export function wholeLines(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  // A selection that ends at column 0 of a line does not include that line.
  const endLine = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  return new vscode.Range(range.start.line, 0, endLine, document.lineAt(endLine).text.length);
}

function lineLabel(range: vscode.Range): string {
  return range.start.line === range.end.line ? `line ${range.start.line + 1}` : `lines ${range.start.line + 1}-${range.end.line + 1}`;
}

/** The innermost code symbol containing `position`, from the language's symbol provider. */
export async function enclosingSymbol(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.DocumentSymbol | undefined> {
  let symbols: unknown;
  try {
    symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri);
  } catch {
    return undefined;
  }
  if (!Array.isArray(symbols)) return undefined;
  let found: vscode.DocumentSymbol | undefined;
  let level: readonly unknown[] = symbols;
  for (;;) {
    // SymbolInformation (flat, older providers) has no children and a location instead of a range.
    const inner = level.find((s): s is vscode.DocumentSymbol => s instanceof Object && 'range' in s && 'children' in s && (s as vscode.DocumentSymbol).range.contains(position));
    if (!inner) return found;
    if (CODE_SYMBOLS.has(inner.kind)) found = inner;
    level = inner.children;
  }
}

export function documentFor(args: ActionArgs | vscode.Uri | undefined): { uri: vscode.Uri | undefined; args: ActionArgs } {
  if (args instanceof vscode.Uri) return { uri: args, args: {} };
  const a = args ?? {};
  const uri = typeof a.uri === 'string' ? vscode.Uri.parse(a.uri) : a.uri;
  return { uri, args: a };
}

/**
 * The target for an action started from `args` (a code action passes the uri and range),
 * or from the active editor. Undefined when there is nothing to act on; the message says why.
 */
export async function resolveTarget(input: ActionArgs | vscode.Uri | undefined): Promise<ActionTarget | string> {
  const { uri, args } = documentFor(input);
  const editor = vscode.window.activeTextEditor;
  const document = uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri)) : editor?.document;
  if (!document) return 'Open a file and select code first.';
  const fromEditor = editor && editor.document === document ? editor.selection : undefined;
  const given = args.range ?? (fromEditor && !fromEditor.isEmpty ? fromEditor : undefined);
  if (given && !given.isEmpty) {
    const range = wholeLines(document, given);
    // A selection that starts a definition is named by it ("area"), else by its lines.
    const name = definitionHead(document.getText(range))?.split(/\s+/).pop();
    return { document, range, label: name && /^[\w$]+$/.test(name) ? name : lineLabel(range) };
  }
  const position = given?.start ?? fromEditor?.active ?? new vscode.Position(0, 0);
  const symbol = await enclosingSymbol(document, position);
  if (symbol) {
    return { document, range: wholeLines(document, symbol.range), label: symbol.name };
  }
  return 'Select the code first: no function or class around the cursor was found.';
}
