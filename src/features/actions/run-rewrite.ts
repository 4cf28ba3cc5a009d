/**
 * Refactor, Fix, Document and Edit: the range's rewrite streams from the model, the code is
 * taken from the answer, fitted to the range, and opened as a proposal in the diff editor.
 * Nothing touches the file until Accept.
 */
import * as vscode from 'vscode';
import { findElisions } from '../../core/edits/elision';
import { extractCode } from '../../core/edits/extract';
import { fitToRange } from '../../core/edits/fit-to-range';
import { promptTemplate, renderTemplate, type ActionKind } from '../../core/edits/templates';
import { readActionsSettings } from './actions-settings';
import { streamAnswer, type StreamDeps } from './model-stream';
import type { ActionNotices } from './notices';
import { promptVariables } from './prompt-context';
import type { Proposal, ProposalStore } from './proposals';
import type { RangeTrackers } from './range-trackers';
import { documentFor, resolveTarget, type ActionArgs } from './target';
import type { ActionTimings } from './timings';

export type RewriteKind = Extract<ActionKind, 'refactor' | 'fix' | 'document' | 'edit'>;

export interface RewriteDeps {
  readonly stream: () => StreamDeps;
  readonly model: () => string;
  readonly notices: ActionNotices;
  readonly trackers: RangeTrackers;
  readonly proposals: ProposalStore;
  readonly timings: ActionTimings;
  readonly log: vscode.LogOutputChannel;
}

const VERB: Readonly<Record<RewriteKind, string>> = { refactor: 'Refactor', fix: 'Fix', document: 'Document', edit: 'Edit' };

async function askInstruction(kind: RewriteKind, given: string | undefined): Promise<string | undefined> {
  if (given !== undefined) return given;
  if (kind === 'edit') {
    const text = await vscode.window.showInputBox({ title: 'Unbound: Edit with Instruction', prompt: 'How should the code change?', placeHolder: 'e.g. make it async and retry three times', ignoreFocusOut: true });
    return text?.trim() ? text.trim() : undefined;
  }
  if (kind === 'refactor') {
    const text = await vscode.window.showInputBox({ title: 'Unbound: Refactor', prompt: 'Optional: what to aim for (Enter for a general clean-up)', placeHolder: 'e.g. extract the validation into its own function', ignoreFocusOut: true });
    return text === undefined ? undefined : text.trim();
  }
  return '';
}

/** Resolves with the proposal shown, or undefined when the action ended without one (the user was told why). */
export async function runRewrite(deps: RewriteDeps, kind: RewriteKind, input: ActionArgs | vscode.Uri | undefined): Promise<Proposal | undefined> {
  const target = await resolveTarget(input);
  if (typeof target === 'string') {
    deps.notices.cannotStart(target);
    return undefined;
  }
  const instruction = await askInstruction(kind, documentFor(input).args.instruction);
  if (instruction === undefined) return undefined;
  const model = deps.model();
  if (!model) {
    await deps.notices.noModel();
    return undefined;
  }
  const { document, range } = target;
  const settings = readActionsSettings();
  const prompt = renderTemplate(promptTemplate(kind, settings.prompts), promptVariables(target, { instruction, contextLines: settings.contextLines }));
  if (prompt.unknown.length > 0) deps.log.warn(`[actions] the ${kind} template names unknown variables: ${prompt.unknown.join(', ')}`);
  const original = document.getText(range);
  // Tracking starts before the request: the user may type while the model writes.
  const tracker = deps.trackers.track(document, range);
  const title = `${VERB[kind]} ${target.label}`;
  let handedOver = false;
  try {
    const outcome = await streamAnswer(deps.stream(), {
      title: `Unbound: ${title} with ${model}`,
      model,
      messages: [...(settings.systemPrompt ? [{ role: 'system' as const, content: settings.systemPrompt }] : []), { role: 'user', content: prompt.text }],
    });
    if (outcome.kind === 'cancelled') return undefined;
    if (outcome.kind === 'failed') {
      void deps.notices.ollamaFailed(outcome.error, model, () => vscode.commands.executeCommand(`unbound.actions.${kind}`, input));
      return undefined;
    }
    const originalLf = original.replace(/\r\n/g, '\n');
    const extraction = extractCode(outcome.answer, { original: originalLf, languageId: document.languageId });
    if (extraction.kind === 'no-code') {
      await deps.notices.noCode(title, extraction.answer, extraction.reason);
      return undefined;
    }
    if (outcome.truncated) {
      await deps.notices.noCode(title, outcome.answer, 'the answer was longer than Unbound accepts, so it may be cut');
      return undefined;
    }
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const replacement = fitToRange(extraction.code, original, eol);
    if (replacement === original) {
      void vscode.window.showInformationMessage(`Unbound: the model returned ${target.label} unchanged.`);
      return undefined;
    }
    const proposal = deps.proposals.add({
      kind,
      title,
      documentUri: document.uri,
      original,
      replacement,
      elisions: findElisions(extraction.code, originalLf, document.languageId),
      tracker,
    });
    handedOver = true;
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposal.uri, `Unbound: ${title} (proposal)`, { preview: false });
    deps.timings.lastTokenToDiffMs = performance.now() - outcome.lastTokenAt;
    deps.timings.rewriteLines = replacement.split('\n').length;
    deps.log.info(`[actions] ${title}: diff shown ${deps.timings.lastTokenToDiffMs.toFixed(1)} ms after the last token (${deps.timings.rewriteLines} lines, from ${extraction.from})`);
    if (tracker.current.lost) {
      void vscode.window.showWarningMessage(`You edited ${target.label} while the model was writing: Accept will not apply over your changes. Undo them to apply, or Reject.`);
    }
    return proposal;
  } finally {
    if (!handedOver) tracker.dispose();
  }
}
