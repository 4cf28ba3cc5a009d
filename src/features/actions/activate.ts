/**
 * Code actions: Explain, Refactor, Fix, Document, Edit with instruction and Write tests, from
 * the editor's context menu (the "Unbound" submenu), the light bulb and the command palette.
 * Rewrites become proposals in the diff editor; Accept applies one WorkspaceEdit.
 */
import * as vscode from 'vscode';
import { ModelInfoCache } from '../../core/ollama/capabilities';
import { acceptProposal, rejectProposal } from './accept';
import { AnswerDocuments, ANSWER_SCHEME } from './answer-documents';
import { UnboundCodeActions } from './code-action-provider';
import type { ExplainTarget } from './explain-target';
import type { StreamDeps } from './model-stream';
import { ActionNotices } from './notices';
import { fileLabel } from './prompt-context';
import { PROPOSAL_SCHEME, ProposalStore } from './proposals';
import { RangeTrackers } from './range-trackers';
import { runRewrite, type RewriteDeps, type RewriteKind } from './run-rewrite';
import { documentFor, resolveTarget, type ActionArgs } from './target';
import type { ActionTimings } from './timings';
import { writeTests } from './write-tests';
import type { UnboundContext } from '../context';

export type { ExplainTarget } from './explain-target';

export interface ActionsDeps {
  readonly foreground: { beginForegroundStream(): vscode.Disposable };
  readonly chat: ExplainTarget;
}

export interface ActionsFeature {
  /** The newest proposal's and accept's figures (the e2e prints them). */
  timings(): Readonly<ActionTimings>;
}

function documents(ctx: UnboundContext, scheme: string): AnswerDocuments {
  const answers = new AnswerDocuments(scheme);
  ctx.subscriptions.push(answers, answers.register());
  return answers;
}

function streamDeps(ctx: UnboundContext, foreground: ActionsDeps['foreground']): () => StreamDeps {
  // Templates are asked once per model and host: a new host is a new cache.
  let infos = new ModelInfoCache(ctx.ollama.api);
  ctx.subscriptions.push(ctx.ollama.onDidChangeHost((api) => (infos = new ModelInfoCache(api))));
  return () => ({ api: ctx.ollama.api, modelInfo: (model, signal) => infos.show(model, signal), foreground, log: ctx.log });
}

function openElsewhere(uri: vscode.Uri): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === uri.toString()));
}

export function activateActions(ctx: UnboundContext, deps: ActionsDeps): ActionsFeature {
  const support = { notices: new ActionNotices(documents(ctx, ANSWER_SCHEME)), stream: streamDeps(ctx, deps.foreground) };
  const trackers = new RangeTrackers();
  const proposals = new ProposalStore(trackers);
  const timings: ActionTimings = {};
  const rewrite: RewriteDeps = {
    stream: support.stream,
    model: () => ctx.settings.current.chatModel,
    notices: support.notices,
    trackers,
    proposals,
    timings,
    log: ctx.log,
  };
  const rewriteCommand = (kind: RewriteKind) =>
    vscode.commands.registerCommand(`unbound.actions.${kind}`, (args?: ActionArgs | vscode.Uri) => runRewrite(rewrite, kind, args));
  const proposalArg = (arg: unknown) => proposals.get(arg instanceof vscode.Uri && arg.scheme === PROPOSAL_SCHEME ? arg : undefined);

  ctx.subscriptions.push(
    trackers,
    proposals,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new UnboundCodeActions(), UnboundCodeActions.metadata),
    vscode.languages.registerCodeActionsProvider({ scheme: 'untitled' }, new UnboundCodeActions(), UnboundCodeActions.metadata),
    rewriteCommand('refactor'),
    rewriteCommand('fix'),
    rewriteCommand('document'),
    rewriteCommand('edit'),
    vscode.commands.registerCommand('unbound.actions.writeTests', (args?: ActionArgs | vscode.Uri) => writeTests(rewrite, args)),
    vscode.commands.registerCommand('unbound.actions.explain', async (args?: ActionArgs | vscode.Uri) => {
      const target = await resolveTarget(args);
      if (typeof target === 'string') return support.notices.cannotStart(target);
      await deps.chat.explain({
        code: target.document.getText(target.range),
        languageId: target.document.languageId,
        fileName: fileLabel(target.document),
        instruction: documentFor(args).args.instruction ?? '',
      });
    }),
    vscode.commands.registerCommand('unbound.actions.accept', (arg?: unknown) => acceptProposal(proposals, proposalArg(arg), timings)),
    vscode.commands.registerCommand('unbound.actions.reject', (arg?: unknown) => rejectProposal(proposals, proposalArg(arg))),
    // Closing a proposal's diff is rejecting it: nothing would be left to accept it from.
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.closed) {
        if (!(tab.input instanceof vscode.TabInputTextDiff) || tab.input.modified.scheme !== PROPOSAL_SCHEME) continue;
        const closed = proposals.get(tab.input.modified);
        if (closed && !openElsewhere(closed.uri)) void rejectProposal(proposals, closed);
      }
    }),
  );

  return { timings: () => ({ ...timings }) };
}
