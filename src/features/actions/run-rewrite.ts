/**
 * Refactor, Fix, Document and Edit: the range's rewrite streams from the model into a
 * proposal shown in the diff editor as soon as the answer holds code, redrawn as it grows.
 * The code is taken from the answer and fitted to the range; nothing touches the file until
 * Accept. An answer that ends with no code closes the diff and shows the answer instead.
 */
import * as vscode from 'vscode';
import { findElisions } from '../../core/edits/elision';
import type { AnswerReading } from '../../core/edits/action-answer-stream';
import { extractCode } from '../../core/edits/extract';
import { fitToRange } from '../../core/edits/fit-to-range';
import { promptTemplate, renderTemplate, type ActionKind } from '../../core/edits/templates';
import { readActionsSettings } from './actions-settings';
import { closeDiff, openDiff, whenShown } from './diff-view';
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
/** Redrawing the diff costs the workbench a diff computation: a few times a second is live enough. */
const REDRAW_MS = 150;

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
  const originalLf = original.replace(/\r\n/g, '\n');
  const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const title = `${VERB[kind]} ${target.label}`;
  // Tracking starts before the request: the user may type while the model writes.
  const tracker = deps.trackers.track(document, range);
  const stop = new AbortController();
  let proposal: Proposal | undefined;
  let opened: Promise<void> | undefined;
  // A redraw sent before the workbench has the document open is dropped: redraw only after.
  let open = false;
  let drawnAt = 0;

  const fitted = (answer: string, reading: AnswerReading) => {
    const extraction = extractCode(answer, { original: originalLf, languageId: document.languageId, prefilledThink: reading.prefilledThink });
    return extraction.kind === 'code' ? { extraction, replacement: fitToRange(extraction.code, original, eol) } : { extraction, replacement: undefined };
  };
  const discard = async () => {
    if (!proposal) return tracker.dispose();
    deps.proposals.remove(proposal);
    tracker.dispose();
    await opened?.catch(() => undefined);
    await closeDiff(proposal);
  };
  const drawPartial = (answer: string, reading: AnswerReading) => {
    if (performance.now() - drawnAt < REDRAW_MS || stop.signal.aborted) return;
    drawnAt = performance.now();
    const { replacement } = fitted(answer, reading);
    if (replacement === undefined) return;
    if (!proposal) {
      proposal = deps.proposals.add({ kind, title, documentUri: document.uri, original, replacement, elisions: [], streaming: true, tracker, stop: () => stop.abort() });
      const shown = proposal;
      opened = openDiff(shown).then(() => {
        open = true;
        deps.proposals.redraw(shown);
      });
      return;
    }
    proposal.replacement = replacement;
    if (open && deps.proposals.caughtUp(proposal)) deps.proposals.redraw(proposal);
  };

  const outcome = await streamAnswer(deps.stream(), {
    title: `Unbound: ${title} with ${model}`,
    model,
    messages: [...(settings.systemPrompt ? [{ role: 'system' as const, content: settings.systemPrompt }] : []), { role: 'user', content: prompt.text }],
    onText: drawPartial,
    signal: stop.signal,
  });
  if (outcome.kind === 'cancelled') {
    await discard();
    return undefined;
  }
  if (outcome.kind === 'failed') {
    await discard();
    void deps.notices.ollamaFailed(outcome.error, model, () => vscode.commands.executeCommand(`unbound.actions.${kind}`, input));
    return undefined;
  }
  const extractStarted = performance.now();
  const { extraction, replacement } = fitted(outcome.answer, outcome.reading);
  const extractMs = performance.now() - extractStarted;
  if (extraction.kind === 'no-code' || replacement === undefined) {
    await discard();
    await deps.notices.noCode(title, extraction.kind === 'no-code' ? extraction.answer : outcome.answer, extraction.kind === 'no-code' ? extraction.reason : 'no code');
    return undefined;
  }
  if (outcome.truncated) {
    await discard();
    await deps.notices.noCode(title, outcome.answer, 'the answer was longer than Unbound accepts, so it may be cut');
    return undefined;
  }
  if (replacement === original) {
    await discard();
    void vscode.window.showInformationMessage(`Unbound: the model returned ${target.label} unchanged.`);
    return undefined;
  }
  const elisions = findElisions(extraction.code, originalLf, document.languageId);
  let shown: Proposal;
  if (proposal) {
    shown = proposal;
    shown.replacement = replacement;
    shown.elisions = elisions;
    shown.streaming = false;
    await opened;
    deps.proposals.redraw(shown);
    if (!(await whenShown(shown, replacement.split(/\r?\n/).slice(-3).join(eol)))) deps.log.warn(`[actions] ${title}: the diff did not show the final rewrite in time`);
  } else {
    shown = deps.proposals.add({ kind, title, documentUri: document.uri, original, replacement, elisions, streaming: false, tracker, stop: () => stop.abort() });
    await openDiff(shown);
  }
  const timings = deps.timings;
  timings.lastTokenToDiffMs = performance.now() - outcome.lastTokenAt;
  timings.rewriteLines = replacement.split('\n').length;
  timings.streamEndMs = outcome.endedAt - outcome.lastTokenAt;
  timings.extractMs = extractMs;
  deps.log.info(`[actions] ${title}: final diff shown ${timings.lastTokenToDiffMs.toFixed(1)} ms after the last token (${timings.rewriteLines} lines, from ${extraction.from})`);
  if (tracker.current.lost) {
    void vscode.window.showWarningMessage(`You edited ${target.label} while the model was writing: Accept will not apply over your changes. Undo them to apply, or Reject.`);
  }
  return shown;
}
