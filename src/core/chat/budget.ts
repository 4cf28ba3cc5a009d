/**
 * What is sent to the model: the system prompt, the turns (answers without their
 * reasoning), the context of each user turn, fitted into the model's window.
 * When it would overflow, the oldest turns go first and the caller says so.
 */
import { fence } from '../markdown-fence';
import type { ChatMessage } from '../ollama/types';
import type { ContextItem, Turn } from './conversation';

/**
 * About 3.5 characters a token for English and code with the tokenizers of the
 * chat families (Llama 3, Qwen, Mistral); an estimate for the budget, not a count.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 3.5);
}

/** Per-message framing the templates add (role markers, separators). */
const MESSAGE_OVERHEAD = 8;

export interface BudgetInput {
  readonly system: string;
  /** Finished turns, oldest first, ending with the user turn to answer. */
  readonly turns: readonly Turn[];
  readonly contextLength: number;
  /** Room kept free for the answer. */
  readonly reserveForAnswer: number;
}

export interface BudgetResult {
  readonly messages: ChatMessage[];
  /** Turns left out (oldest first); 0 when everything fits. */
  readonly droppedTurns: number;
  readonly usedTokens: number;
  /** Even the last question alone does not fit. */
  readonly overflow: boolean;
}

export function renderUserContent(content: string, context: readonly ContextItem[] | undefined): string {
  if (!context || context.length === 0) return content;
  // A fence longer than any backtick run in the file, so the file's own fences cannot close it early.
  const blocks = context.map((c) => `${c.label}:\n${fence(c.text, c.languageId ?? '')}`);
  return `${blocks.join('\n\n')}\n\n${content}`;
}

function toMessage(turn: Turn): ChatMessage {
  return turn.role === 'user'
    ? { role: 'user', content: renderUserContent(turn.content, turn.context) }
    : { role: 'assistant', content: turn.content };
}

export function fitConversation(input: BudgetInput): BudgetResult {
  const usable = Math.max(0, input.contextLength - input.reserveForAnswer);
  const system: ChatMessage[] = input.system.trim() ? [{ role: 'system', content: input.system }] : [];
  let used = system.reduce((n, m) => n + estimateTokens(m.content) + MESSAGE_OVERHEAD, 0);
  // Failed or empty answers carry nothing the model should see again.
  const turns = input.turns.filter((t) => t.role === 'user' || (t.content.trim() !== '' && t.status !== 'error'));
  const kept: ChatMessage[] = [];
  let i = turns.length - 1;
  for (; i >= 0; i--) {
    const turn = turns[i];
    if (!turn) continue;
    const message = toMessage(turn);
    const cost = estimateTokens(message.content) + MESSAGE_OVERHEAD;
    if (used + cost > usable && kept.length > 0) break;
    used += cost;
    kept.unshift(message);
  }
  // Never start with an orphan answer: drop it with the question it answered.
  let dropped = i + 1;
  while (kept.length > 1 && kept[0]?.role === 'assistant') {
    const first = kept.shift();
    if (first) used -= estimateTokens(first.content) + MESSAGE_OVERHEAD;
    dropped++;
  }
  return { messages: [...system, ...kept], droppedTurns: dropped, usedTokens: used, overflow: used > usable };
}
