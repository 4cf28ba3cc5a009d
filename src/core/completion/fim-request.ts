/**
 * The /api/generate request for a completion: options fixed per model so Ollama
 * never reloads it (num_ctx identical on every request), `think: false` always,
 * and the context budget carved out of num_ctx.
 */
import type { GenerateRequest } from '../ollama/types';
import type { CompletionSettings } from '../settings';
import type { ContextBudget, FimPrompt } from './api';
import { LEADING_ECHO_TOKENS } from './formats';

/** Tokens kept free for the format's special tokens and the file-path header. */
const TEMPLATE_RESERVE_TOKENS = 32;
/** Share of the prompt budget given to other files when repository context is on. */
const RELATED_SHARE = 0.2;

export interface PromptBudget {
  readonly window: ContextBudget;
  /** Tokens for snippets of other files (0: none). */
  readonly relatedTokens: number;
}

/**
 * What fits in num_ctx next to the answer: num_ctx minus num_predict, split
 * prefix 3/4, suffix 1/4 (a long stable prefix keeps Ollama's prompt cache warm);
 * related files, when wanted, take their share first.
 */
export function promptBudget(numCtx: number, maxTokens: number, withRelated: boolean): PromptBudget {
  const available = Math.max(64, numCtx - maxTokens - TEMPLATE_RESERVE_TOKENS);
  const relatedTokens = withRelated ? Math.floor(available * RELATED_SHARE) : 0;
  const rest = available - relatedTokens;
  const prefixTokens = Math.floor((rest * 3) / 4);
  return { window: { prefixTokens, suffixTokens: rest - prefixTokens }, relatedTokens };
}

/**
 * `stopAtNewline`: a completion that is one line whatever the model writes ends
 * at the newline, so Ollama is told to stop there itself (stop strings are not a
 * load-time option: no reload), instead of the client closing the stream.
 * Middle markers a model may echo first are not sent: Ollama would stop at
 * character 0; the client drops a leading echo and cuts at a later one.
 */
export function generateRequest(
  model: string,
  prompt: FimPrompt,
  settings: CompletionSettings,
  numCtx: number,
  stopAtNewline: boolean,
): GenerateRequest {
  return {
    model,
    prompt: prompt.prompt,
    // Raw mode must not send a suffix: it still triggers Ollama's insert check (docs/reference/fim.md section 0).
    ...(prompt.raw || prompt.suffix === undefined ? {} : { suffix: prompt.suffix }),
    raw: prompt.raw,
    // Thinking-capable models default to think=true on new servers; a completion never wants it.
    think: false,
    keepAlive: settings.keepAlive,
    options: {
      num_ctx: numCtx,
      num_predict: settings.maxTokens,
      temperature: settings.temperature,
      stop: [...prompt.stop.filter((s) => !LEADING_ECHO_TOKENS.includes(s)), ...(stopAtNewline ? ['\n'] : [])],
    },
  };
}
