/**
 * The editor-side gate in front of every inline completion request (Tabby's
 * client middleware policy): what the user switched off in this editor never
 * reaches the server. Pure, so the rules read in one place.
 */
import { languageEnabled, type CompletionSettings } from '../../core/settings';

export interface PolicyInput {
  readonly settings: CompletionSettings;
  readonly languageId: string;
  /** The user asked for this completion (Alt+\ or the trigger command). */
  readonly invoked: boolean;
  /** Snoozed until this epoch ms; Infinity = until restart; undefined = not snoozed. */
  readonly snoozedUntil: number | undefined;
  readonly now: number;
}

export type PolicyVerdict =
  | { readonly allow: true }
  | { readonly allow: false; readonly reason: 'disabled' | 'language-disabled' | 'snoozed' | 'manual-trigger-only' };

export function isSnoozed(snoozedUntil: number | undefined, now: number): boolean {
  return snoozedUntil !== undefined && now < snoozedUntil;
}

export function decide(input: PolicyInput): PolicyVerdict {
  const { settings } = input;
  if (!settings.enabled) return { allow: false, reason: 'disabled' };
  if (!languageEnabled(settings.languages, input.languageId)) return { allow: false, reason: 'language-disabled' };
  // An explicit request is the user's word: it goes through a snooze and manual mode.
  if (input.invoked) return { allow: true };
  if (isSnoozed(input.snoozedUntil, input.now)) return { allow: false, reason: 'snoozed' };
  if (settings.triggerMode === 'manual') return { allow: false, reason: 'manual-trigger-only' };
  return { allow: true };
}

export function describeVerdict(verdict: PolicyVerdict, languageId: string): string {
  if (verdict.allow) return 'requested from the server';
  switch (verdict.reason) {
    case 'disabled':
      return 'inline completions are turned off (unbound.completion.enabled)';
    case 'language-disabled':
      return `inline completions are off for ${languageId} (unbound.completion.languages)`;
    case 'snoozed':
      return 'inline completions are snoozed';
    case 'manual-trigger-only':
      return 'trigger mode is manual: press Alt+\\ (Unbound: Trigger Inline Completion)';
    default: {
      const never: never = verdict.reason;
      return String(never);
    }
  }
}
