/**
 * Where Explain sends its request. The chat view implements this (it opens the chat with
 * the code as context and streams the answer there); until it exists the fallback streams
 * the explanation into a read-only markdown document.
 */
import * as vscode from 'vscode';
import { promptTemplate, renderTemplate } from '../../core/edits/templates';
import { readActionsSettings } from './actions-settings';
import type { AnswerDocuments } from './answer-documents';
import { streamAnswer, type StreamDeps } from './model-stream';
import type { ActionNotices } from './notices';

export interface ExplainRequest {
  readonly code: string;
  readonly languageId: string;
  readonly fileName: string;
  readonly instruction: string;
}

export interface ExplainTarget {
  explain(request: ExplainRequest): Promise<void>;
}

export interface MarkdownExplainDeps {
  readonly stream: () => StreamDeps;
  readonly model: () => string;
  readonly answers: AnswerDocuments;
  readonly notices: ActionNotices;
}

export function markdownExplainTarget(deps: MarkdownExplainDeps): ExplainTarget {
  return {
    async explain(request) {
      const model = deps.model();
      if (!model) return deps.notices.noModel();
      const settings = readActionsSettings();
      const prompt = renderTemplate(promptTemplate('explain', settings.prompts), {
        language: request.languageId,
        fileName: request.fileName,
        selection: request.code,
        diagnostics: '',
        surroundingCode: '',
        instruction: request.instruction,
        docStyle: '',
        testFramework: '',
      });
      const title = `Explanation of ${request.fileName}`;
      const heading = `# ${title}\n\n_${model}, streamed by Unbound_\n\n`;
      const uri = deps.answers.create(title, `${heading}…`);
      await deps.answers.show(uri);
      let shownAt = 0;
      const outcome = await streamAnswer(deps.stream(), {
        title: `Unbound: explaining with ${model}`,
        model,
        messages: [...(settings.systemPrompt ? [{ role: 'system' as const, content: settings.systemPrompt }] : []), { role: 'user', content: prompt.text }],
        onText: (text) => {
          // Redrawing a document costs more than a token: a few times a second is live enough.
          if (performance.now() - shownAt < 100) return;
          shownAt = performance.now();
          deps.answers.update(uri, heading + text);
        },
      });
      switch (outcome.kind) {
        case 'done':
          deps.answers.update(uri, heading + outcome.answer + (outcome.truncated ? '\n\n_(cut: the answer was too long)_' : ''));
          return;
        case 'cancelled':
          return;
        case 'failed':
          deps.answers.update(uri, `${heading}_No explanation: ${outcome.error.message}_`);
          return deps.notices.ollamaFailed(outcome.error, model, () => vscode.commands.executeCommand('unbound.actions.explain'));
        default: {
          const unreachable: never = outcome;
          return unreachable;
        }
      }
    },
  };
}
