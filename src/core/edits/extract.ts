/**
 * The code in a model's answer to "rewrite this range". The answer is untrusted text:
 * reasoning first (closed `<think>`, a pre-filled one that only closes, or one the model
 * never closed), then chat-template tokens, then markdown around the code. Several blocks:
 * the one that rewrites the range wins over a usage example or a shell command. A unified
 * diff is applied to the original. When nothing code-like is left the answer is returned
 * whole, so the editor is not touched and the user can read what the model said.
 */
import { stripSpecialTokens } from '../completion/formats/special-tokens';
import { splitReasoning } from '../reasoning/strip';
import { scanFences, type FencedBlock } from './fences';
import { isCodeLike, trimProseEdges } from './prose';
import { definitionHead, identifierSimilarity } from './similarity';
import { applyUnifiedDiff, looksLikeUnifiedDiff } from './unified-diff';

export interface ExtractOptions {
  /** The text of the range being rewritten; '' when the answer is a new file (tests). */
  readonly original: string;
  /** VS Code language id of the document (`python`, `typescriptreact`). */
  readonly languageId: string;
  /** The model's template opens `<think>` itself, so the answer starts inside the reasoning. */
  readonly prefilledThink?: boolean;
}

export type Extraction =
  | { readonly kind: 'code'; readonly code: string; readonly from: 'fence' | 'bare' | 'diff' }
  | { readonly kind: 'no-code'; readonly answer: string; readonly reason: string };

/** Info strings that name a language, by VS Code language id. */
const ALIASES: Readonly<Record<string, readonly string[]>> = {
  python: ['py', 'python3'],
  javascript: ['js', 'node', 'mjs', 'cjs'],
  typescript: ['ts'],
  typescriptreact: ['tsx', 'typescript', 'ts'],
  javascriptreact: ['jsx', 'javascript', 'js'],
  shellscript: ['sh', 'bash', 'zsh', 'shell'],
  csharp: ['cs', 'c#'],
  cpp: ['c++', 'cc', 'cxx', 'hpp'],
  rust: ['rs'],
  go: ['golang'],
  ruby: ['rb'],
  kotlin: ['kt'],
  markdown: ['md'],
  yaml: ['yml'],
};
const NOT_CODE_OF_A_FILE = new Set(['console', 'shell-session', 'output', 'text', 'txt', 'plaintext', 'sh', 'bash', 'shell', 'zsh', 'powershell', 'ps1', 'cmd']);

function sameLanguage(info: string, languageId: string): boolean {
  return info === languageId.toLowerCase() || (ALIASES[languageId] ?? []).includes(info);
}

function isDiff(block: FencedBlock): boolean {
  return block.language === 'diff' || block.language === 'patch' || looksLikeUnifiedDiff(block.content);
}

function trimBlankEdges(code: string): string {
  return code.replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
}

interface Candidate {
  readonly code: string;
  readonly from: 'fence' | 'diff';
  readonly score: number;
}

const normaliseSpace = (code: string): string => code.replace(/\s+/g, ' ').trim();

function score(code: string, block: FencedBlock, options: ExtractOptions): number {
  // A copy of the original ("Before:") is the question, not the answer.
  if (options.original && normaliseSpace(code) === normaliseSpace(options.original)) return -1;
  let s = options.original ? identifierSimilarity(code, options.original) : Math.min(1, code.length / 2000);
  const head = definitionHead(options.original);
  if (head && code.split('\n').some((l) => l.trim().startsWith(head))) s += 0.5;
  if (sameLanguage(block.language, options.languageId)) s += 0.1;
  else if (NOT_CODE_OF_A_FILE.has(block.language) && !sameLanguage(block.language, options.languageId)) s -= 0.5;
  return s;
}

export function extractCode(answer: string, options: ExtractOptions): Extraction {
  const normalised = answer.replace(/\r\n?/g, '\n');
  const { answer: withoutReasoning } = splitReasoning(normalised, options.prefilledThink ? { prefilledThink: true } : {});
  // A token the original itself contains (code that builds prompts) is content, not a leak.
  const text = stripSpecialTokens(withoutReasoning, (token) => options.original.includes(token));
  const shown = text.trim() === '' ? normalised.trim() : text.trim();
  if (text.trim() === '') return { kind: 'no-code', answer: shown, reason: 'the model only wrote reasoning, no answer' };

  const { blocks } = scanFences(text);
  if (blocks.length > 0) {
    const candidates: Candidate[] = [];
    let unappliedDiff = false;
    for (const block of blocks) {
      if (block.content.trim() === '') continue;
      if (isDiff(block)) {
        const applied = options.original ? applyUnifiedDiff(options.original, block.content) : undefined;
        if (applied === undefined) unappliedDiff = true;
        else candidates.push({ code: applied, from: 'diff', score: 10 });
        continue;
      }
      const code = trimBlankEdges(block.content);
      candidates.push({ code, from: 'fence', score: score(code, block, options) });
    }
    const best = candidates.reduce<Candidate | undefined>((b, c) => (!b || c.score > b.score ? c : b), undefined);
    if (best) return { kind: 'code', code: best.code, from: best.from };
    return { kind: 'no-code', answer: shown, reason: unappliedDiff ? 'the diff in the answer does not fit the selected code' : 'the answer has only empty code blocks' };
  }

  if (options.original && looksLikeUnifiedDiff(text.trim())) {
    const applied = applyUnifiedDiff(options.original, text.trim());
    return applied === undefined
      ? { kind: 'no-code', answer: shown, reason: 'the diff in the answer does not fit the selected code' }
      : { kind: 'code', code: applied, from: 'diff' };
  }

  const bare = trimBlankEdges(trimProseEdges(text));
  if (bare === '' || !bare.split('\n').some(isCodeLike)) {
    return { kind: 'no-code', answer: shown, reason: 'the answer holds no code' };
  }
  return { kind: 'code', code: bare, from: 'bare' };
}
