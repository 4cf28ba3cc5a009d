/**
 * One parse and one verdict per document version, shared by diagnostics,
 * completion, hover, symbols and formatting.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../core/modelfile/line-index';
import { parseModelfile } from '../../../core/modelfile/parse';
import type { ParsedModelfile } from '../../../core/modelfile/syntax';
import { validateModelfile, type ModelfileDiagnostic, type ValidateOptions } from '../../../core/modelfile/validate';
import { MODELFILE_LANGUAGE } from './language';

export interface Analysis {
  readonly version: number;
  readonly text: string;
  readonly parsed: ParsedModelfile;
  readonly diagnostics: readonly ModelfileDiagnostic[];
  readonly lines: LineIndex;
}

export function isModelfile(document: TextDocument | undefined): document is TextDocument {
  return document?.languageId === MODELFILE_LANGUAGE;
}

function validateOptions(uri: string): ValidateOptions {
  const directory = uri.startsWith('file:') ? dirname(fileURLToPath(uri)) : undefined;
  return { paths: { directory, home: homedir(), exists: (path) => existsSync(path) } };
}

export class Analyses {
  private readonly cache = new Map<string, Analysis>();

  get(document: TextDocument): Analysis {
    const known = this.cache.get(document.uri);
    if (known && known.version === document.version) return known;
    const text = document.getText();
    const parsed = parseModelfile(text);
    const analysis: Analysis = {
      version: document.version,
      text,
      parsed,
      diagnostics: validateModelfile(text, parsed, validateOptions(document.uri)),
      lines: new LineIndex(text),
    };
    this.cache.set(document.uri, analysis);
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
