/**
 * Which installed models can chat, and what the chat view must know about each:
 * whether it thinks (Ollama's `think`), whether its template pre-fills `<think>`,
 * and whether it has a place for a system prompt at all.
 */
import { templatePrefillsThink } from '../reasoning/prefill';
import type { ModelInfo } from '../ollama/types';
import type { ViewModel } from '../../protocol/chat';

/** Base and FIM-only code models (`…-base`, `…:7b-code`): they continue text, they do not answer. */
const COMPLETION_ONLY_NAME = /(?:[-:_]base\b|[-:]code\b|-fim\b)/i;

export type ChatFitness = { readonly ok: true } | { readonly ok: false; readonly reason: string };

export function chatFitness(info: ModelInfo): ChatFitness {
  if (info.capabilities.has('embedding') && !info.capabilities.has('completion')) {
    return { ok: false, reason: `${info.name} is an embedding model: it cannot chat. Choose a chat model.` };
  }
  if (!info.capabilities.has('completion')) {
    return { ok: false, reason: `${info.name} does not generate text. Choose a chat model.` };
  }
  if (COMPLETION_ONLY_NAME.test(info.name)) {
    return {
      ok: false,
      reason: `${info.name} is a completion-only (fill-in-the-middle) model: it continues code, it does not answer questions. Choose a chat model.`,
    };
  }
  return { ok: true };
}

/** Templates with neither `.System` nor a messages loop drop a system prompt (Llama2-uncensored, Nous-Hermes). */
export function templateHasSystemSlot(template: string): boolean {
  if (template.trim() === '') return true;
  return /\.System\b/.test(template) || /\.Messages\b/.test(template);
}

export function toViewModel(info: ModelInfo): ViewModel {
  const badges: string[] = [];
  if (info.capabilities.has('thinking') || templatePrefillsThink(info.template)) badges.push('thinking');
  if (info.capabilities.has('tools')) badges.push('tools');
  if (info.capabilities.has('vision')) badges.push('vision');
  if (info.details.parameterSize) badges.push(info.details.parameterSize);
  return {
    name: info.name,
    badges,
    canThink: info.capabilities.has('thinking'),
    noSystemSlot: !templateHasSystemSlot(info.template),
  };
}

/** num_ctx for a model: fixed, so Ollama never reloads it between messages. */
export function chatContextLength(info: ModelInfo | undefined, setting: number): number {
  const native = info?.contextLength;
  return native && native > 0 ? Math.min(native, setting) : setting;
}
