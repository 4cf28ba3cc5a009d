/**
 * Other open files, trimmed to a token budget for repository-level FIM. Files keep
 * the caller's order (it decides relevance), so the same set of files gives the
 * same prompt start and Ollama's cache is reused. Each file is cut at a line end
 * from its top, where imports and declarations are.
 */
import type { RelatedFile } from '../api';
import { charCapForTokens, estimateTokens } from './estimate';

/** A snippet smaller than this is not worth its file header. */
const MIN_SNIPPET_TOKENS = 32;
/** No single file takes more than this share of the budget, so one big file does not crowd out the rest. */
const MAX_SHARE_PER_FILE = 0.5;

export function relatedSnippets(files: readonly RelatedFile[], budgetTokens: number): RelatedFile[] {
  const out: RelatedFile[] = [];
  const seen = new Set<string>();
  let left = budgetTokens;
  const perFile = Math.max(MIN_SNIPPET_TOKENS, Math.floor(budgetTokens * MAX_SHARE_PER_FILE));
  for (const file of files) {
    if (left < MIN_SNIPPET_TOKENS) break;
    if (seen.has(file.path) || file.text.trim() === '') continue;
    seen.add(file.path);
    const allowed = Math.min(left, perFile);
    const headerCost = estimateTokens(file.path) + 2;
    const text = headOfFile(file.text, allowed - headerCost);
    if (text === '') continue;
    out.push({ path: file.path, languageId: file.languageId, text });
    left -= estimateTokens(text) + headerCost;
  }
  return out;
}

/** The longest run of whole lines from the top of `text` within `tokens`. */
function headOfFile(text: string, tokens: number): string {
  if (tokens < MIN_SNIPPET_TOKENS / 2) return '';
  // Read no more than the budget could hold, however large the file.
  let head = text.slice(0, charCapForTokens(tokens));
  if (head.length < text.length) {
    const lastNewline = head.lastIndexOf('\n');
    head = lastNewline > 0 ? head.slice(0, lastNewline + 1) : '';
  }
  while (head !== '' && estimateTokens(head) > tokens) {
    const cut = head.lastIndexOf('\n', head.length - 2);
    head = cut <= 0 ? '' : head.slice(0, cut + 1);
  }
  return head;
}
