/**
 * A conversation as stored and as sent to the model. The view sees the same
 * turns (protocol ViewTurn); reasoning is kept for display but never sent back.
 */
import type { ContextChip, TurnStats, TurnStatus, ViewError } from '../../protocol/chat';

/** Context attached to a user turn: what the chip shows and the text the model gets. */
export interface ContextItem extends ContextChip {
  readonly text: string;
  readonly languageId?: string;
}

export interface Turn {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  content: string;
  reasoning: string;
  status: TurnStatus;
  error?: ViewError;
  stats?: TurnStats;
  readonly context?: readonly ContextItem[];
  notice?: string;
  readonly model?: string;
}

export interface Conversation {
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  preset: string;
  turns: Turn[];
}

export const STORE_VERSION = 1;

/** First words of the first question, for the history list. */
export function titleFrom(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}…` : line || 'New chat';
}

export function newId(now: number, random: () => number = Math.random): string {
  return `${now.toString(36)}-${Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0')}`;
}

export function newConversation(now: number, preset: string, random?: () => number): Conversation {
  return { id: newId(now, random), title: 'New chat', createdAt: now, updatedAt: now, preset, turns: [] };
}
