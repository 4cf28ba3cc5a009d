/**
 * Write tests: a new, unsaved test file beside the source (or where the workspace keeps its
 * tests), in the framework the workspace uses, with the model's tests for the target.
 */
import * as vscode from 'vscode';
import { extractCode } from '../../core/edits/extract';
import { promptTemplate, renderTemplate } from '../../core/edits/templates';
import { isTestFile, planTests, type WorkspaceFacts } from '../../core/edits/test-conventions';
import { readActionsSettings } from './actions-settings';
import { streamAnswer } from './model-stream';
import { fileLabel, promptVariables } from './prompt-context';
import type { RewriteDeps } from './run-rewrite';
import { resolveTarget, type ActionArgs } from './target';

const EXCLUDE = '**/{node_modules,.git,dist,out,build,target,.venv,venv,__pycache__}/**';
const TEST_FILES = '**/*{test,spec,Test,conftest,pytest}*';
const MAX_FILES = 500;
const SAMPLE_CHARS = 4_000;

async function readText(uri: vscode.Uri, limit: number): Promise<string | undefined> {
  try {
    return new TextDecoder().decode((await vscode.workspace.fs.readFile(uri)).slice(0, limit));
  } catch {
    return undefined;
  }
}

async function workspaceFacts(folder: vscode.WorkspaceFolder | undefined, isTest: (path: string) => boolean): Promise<WorkspaceFacts> {
  if (!folder) return { files: [], dependencies: [] };
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, TEST_FILES), EXCLUDE, MAX_FILES);
  const files = found.map((u) => vscode.workspace.asRelativePath(u, false));
  let dependencies: string[] = [];
  const manifest = await readText(vscode.Uri.joinPath(folder.uri, 'package.json'), 200_000);
  if (manifest) {
    try {
      const parsed: unknown = JSON.parse(manifest);
      const pick = (key: string): string[] => {
        const v = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>)[key] : undefined;
        return v && typeof v === 'object' ? Object.keys(v) : [];
      };
      dependencies = [...pick('dependencies'), ...pick('devDependencies')];
    } catch {
      // A broken package.json says nothing about the framework.
    }
  }
  const sampleIndex = files.findIndex(isTest);
  const sample = sampleIndex >= 0 ? await readText(found[sampleIndex] as vscode.Uri, SAMPLE_CHARS) : undefined;
  return { files, dependencies, ...(sample !== undefined ? { sampleTest: sample } : {}) };
}

async function freeUri(base: vscode.Uri): Promise<vscode.Uri> {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : base.with({ path: base.path.replace(/(\.[^./]+)?$/, (ext) => `-${n}${ext}`) });
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.path === candidate.path)) return candidate;
    }
  }
  return base;
}

export async function writeTests(deps: RewriteDeps, input: ActionArgs | vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  const target = await resolveTarget(input);
  if (typeof target === 'string') {
    deps.notices.cannotStart(target);
    return undefined;
  }
  const model = deps.model();
  if (!model) {
    await deps.notices.noModel();
    return undefined;
  }
  const { document } = target;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const relative = folder ? vscode.workspace.asRelativePath(document.uri, false) : document.uri.path.split('/').pop() ?? 'code';
  const facts = await workspaceFacts(folder, (p) => isTestFile(p, document.languageId));
  const plan = planTests(relative, document.languageId, facts);
  deps.log.info(`[actions] tests for ${fileLabel(document)}: ${plan.path} with ${plan.framework} (${plan.because})`);
  const settings = readActionsSettings();
  const prompt = renderTemplate(promptTemplate('tests', settings.prompts), promptVariables(target, { contextLines: 0, testFramework: plan.framework }));
  const outcome = await streamAnswer(deps.stream(), {
    title: `Unbound: writing tests for ${target.label} with ${model}`,
    model,
    messages: [...(settings.systemPrompt ? [{ role: 'system' as const, content: settings.systemPrompt }] : []), { role: 'user', content: prompt.text }],
  });
  if (outcome.kind === 'cancelled') return undefined;
  if (outcome.kind === 'failed') {
    void deps.notices.ollamaFailed(outcome.error, model, () => vscode.commands.executeCommand('unbound.actions.writeTests', input));
    return undefined;
  }
  const extraction = extractCode(outcome.answer, { original: '', languageId: document.languageId, prefilledThink: outcome.reading.prefilledThink });
  if (extraction.kind === 'no-code') {
    await deps.notices.noCode(`Tests for ${target.label}`, extraction.answer, extraction.reason);
    return undefined;
  }
  const base = folder ? vscode.Uri.joinPath(folder.uri, plan.path) : document.uri.with({ path: document.uri.path.replace(/[^/]*$/, plan.path.split('/').pop() ?? 'test') });
  const untitled = (await freeUri(base.with({ scheme: 'file' }))).with({ scheme: 'untitled' });
  const testDocument = await vscode.workspace.openTextDocument(untitled);
  const editor = await vscode.window.showTextDocument(testDocument, { preview: false });
  const eol = testDocument.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  await editor.edit((b) => b.insert(new vscode.Position(0, 0), `${extraction.code.replace(/\n/g, eol)}${eol}`));
  if (testDocument.languageId !== document.languageId) await vscode.languages.setTextDocumentLanguage(testDocument, document.languageId);
  return testDocument;
}
