/**
 * Modelfiles in the language server: Ollama's verdict as diagnostics on every
 * change, completion, hover, the outline and (opt-in) formatting, each offered
 * for `modelfile` documents only.
 */
import type { CancellationToken, CompletionItem, Connection, DocumentSelector, InitializeParams, Position, TextEdit } from 'vscode-languageserver';
import { abortSignalOf } from '../../../core/cancellation';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatModelfile } from '../../../core/modelfile/format';
import type { Logger } from '../../../core/log';
import type { Capabilities, FeatureContext, OfferHandle, ServerFeature } from '../../feature';
import type { ServerSettings } from '../../server-settings';
import { Analyses, isModelfile, type Analysis } from './analysis';
import { MODELFILE_LANGUAGE } from './language';
import { completionContext, instructionItems, modelItems, namedItems, parameterItems, roleItems, templateItems } from './lsp-completion';
import { toLspDiagnostics } from './lsp-diagnostics';
import { modelfileHover } from './lsp-hover';
import { modelfileSymbols } from './lsp-symbols';
import { errorMessage } from '../../../core/error-message';

const selector: DocumentSelector = [{ language: MODELFILE_LANGUAGE }];

/** Through the analysis's own LineIndex, the one every Modelfile feature maps positions with (see analysis.ts). */
const offsetOf = (analysis: Analysis, position: Position): number => analysis.lines.offset(position.line, position.character);

class ModelfileFeature implements ServerFeature {
  private readonly logger: Logger;
  private readonly analyses = new Analyses();
  private formatting: OfferHandle | undefined;
  private formattingOn = false;
  private readonly disposables: { dispose(): void }[] = [];

  constructor(private readonly ctx: FeatureContext) {
    this.logger = ctx.logger('modelfile');
    const { connection, documents } = ctx;
    const modelfile = (uri: string): TextDocument | undefined => {
      const document = documents.get(uri);
      return isModelfile(document) ? document : undefined;
    };
    this.disposables.push(
      // Fired on open too.
      documents.onDidChangeContent((e) => this.publish(connection, e.document)),
      documents.onDidClose((e) => {
        if (!isModelfile(e.document)) return;
        this.analyses.forget(e.document.uri);
        void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
      }),
      connection.onHover((params) => {
        const document = modelfile(params.textDocument.uri);
        if (!document) return null;
        const analysis = this.analyses.get(document);
        return modelfileHover(analysis, offsetOf(analysis, params.position));
      }),
      connection.onCompletion((params, token) => {
        const document = modelfile(params.textDocument.uri);
        if (!document) return null;
        const analysis = this.analyses.get(document);
        return this.complete(analysis, offsetOf(analysis, params.position), token);
      }),
      connection.onDocumentSymbol((params) => {
        const document = modelfile(params.textDocument.uri);
        return document ? modelfileSymbols(this.analyses.get(document)) : null;
      }),
      connection.onDocumentFormatting((params): TextEdit[] | null => {
        const document = modelfile(params.textDocument.uri);
        if (!document || !this.ctx.settings().modelfile.formatting) return null;
        const analysis = this.analyses.get(document);
        return formatModelfile(analysis.text, analysis.parsed).map((e) => ({
          range: { start: analysis.lines.position(e.span.start), end: analysis.lines.position(e.span.end) },
          newText: e.newText,
        }));
      }),
    );
  }

  private publish(connection: Connection, document: TextDocument): void {
    // A copy that is out of sync would be judged on text the user does not see.
    if (!isModelfile(document) || this.ctx.isOutOfSync(document.uri)) return;
    const analysis = this.analyses.get(document);
    void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: toLspDiagnostics(analysis) });
  }

  private async complete(analysis: Analysis, offset: number, token: CancellationToken): Promise<CompletionItem[]> {
    const context = completionContext(analysis, offset);
    switch (context.kind) {
      case 'instruction':
        return instructionItems();
      case 'parameter-name':
        return parameterItems();
      case 'role':
        return roleItems();
      case 'renderer':
      case 'parser':
        return namedItems(context.kind);
      case 'template':
        return templateItems();
      case 'model': {
        const abort = abortSignalOf(token);
        try {
          const models = await this.ctx.api().list(abort.signal);
          return modelItems(models.filter((m) => !m.remote).map((m) => m.name));
        } catch (error) {
          // No Ollama means no names to offer; typing goes on.
          this.logger.debug(`installed models for FROM: ${errorMessage(error)}`);
          return [];
        } finally {
          abort.dispose();
        }
      }
      case 'none':
        return [];
      default: {
        const never: never = context;
        throw new Error(`unknown completion context ${JSON.stringify(never)}`);
      }
    }
  }

  initialize(_params: InitializeParams, capabilities: Capabilities): void {
    this.formattingOn = this.ctx.settings().modelfile.formatting;
    capabilities.offer({ method: 'textDocument/hover', staticCapabilities: { hoverProvider: true }, selector: () => selector });
    capabilities.offer({
      method: 'textDocument/completion',
      staticCapabilities: { completionProvider: { triggerCharacters: [' ', '.'] } },
      options: () => ({ triggerCharacters: [' ', '.'] }),
      selector: () => selector,
    });
    capabilities.offer({ method: 'textDocument/documentSymbol', staticCapabilities: { documentSymbolProvider: true }, selector: () => selector });
    this.formatting = capabilities.offer({
      method: 'textDocument/formatting',
      staticCapabilities: { documentFormattingProvider: true },
      // Opt-in: registered only while the setting is on, so no formatter is offered otherwise.
      selector: () => (this.ctx.settings().modelfile.formatting ? selector : undefined),
    });
  }

  settingsChanged(next: ServerSettings): void {
    if (next.modelfile.formatting === this.formattingOn) return;
    this.formattingOn = next.modelfile.formatting;
    this.formatting?.refresh();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}

export function modelfileFeature(ctx: FeatureContext): ServerFeature {
  return new ModelfileFeature(ctx);
}
