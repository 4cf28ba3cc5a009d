/**
 * One parse and one verdict per document version, shared by diagnostics,
 * completion, hover, symbols and formatting. Its LineIndex is the one map
 * between offsets and LSP positions for all of them: it is built from the text
 * that was analysed, where the TextDocument is updated in place by later edits.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { systemClock, type Clock } from '../../../core/clock';
import { LineIndex } from '../../../core/modelfile/line-index';
import { parseModelfile } from '../../../core/modelfile/parse';
import { RecentExistence } from '../../../core/modelfile/recent-existence';
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

function validateOptions(uri: string, existence: RecentExistence): ValidateOptions {
  const directory = uri.startsWith('file:') ? dirname(fileURLToPath(uri)) : undefined;
  return { paths: { directory, home: homedir(), exists: (path) => existence.has(path) } };
}

export interface AnalysesOptions {
  /** The disk by default. */
  readonly exists?: (path: string) => boolean;
  readonly clock?: Pick<Clock, 'now'>;
}

export class Analyses {
  private readonly cache = new Map<string, Analysis>();
  private readonly existence: RecentExistence;

  constructor(options: AnalysesOptions = {}) {
    this.existence = new RecentExistence(options.exists ?? existsSync, options.clock ?? systemClock);
  }

  get(document: TextDocument): Analysis {
    const known = this.cache.get(document.uri);
    if (known && known.version === document.version) return known;
    const text = document.getText();
    const parsed = parseModelfile(text);
    const analysis: Analysis = {
      version: document.version,
      text,
      parsed,
      diagnostics: validateModelfile(text, parsed, validateOptions(document.uri, this.existence)),
      lines: new LineIndex(text),
    };
    this.cache.set(document.uri, analysis);
    return analysis;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}
