/**
 * The Modelfile server maps offsets and LSP positions with one LineIndex; it must
 * agree with the editor's own TextDocument everywhere, including positions a
 * client sends past a line's end or past the last line.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineIndex } from '../../../src/core/modelfile/line-index';

const TEXTS = ['', 'FROM x', 'FROM x\n', 'FROM x\r\nSYSTEM hi\rPARAMETER a 1\n\nTEMPLATE """\r\n{{ .Prompt }}"""', '\n\r\n\r'];

describe('LineIndex agrees with TextDocument', () => {
  for (const text of TEXTS) {
    const document = TextDocument.create('file:///Modelfile', 'modelfile', 1, text);
    const lines = new LineIndex(text);

    it(`offset to position, ${JSON.stringify(text)}`, () => {
      for (let offset = -1; offset <= text.length + 1; offset++) {
        assert.deepEqual(lines.position(offset), document.positionAt(offset), `offset ${offset}`);
      }
    });

    it(`position to offset, ${JSON.stringify(text)}`, () => {
      for (let line = -1; line <= document.lineCount + 1; line++) {
        for (let character = 0; character <= text.length + 2; character++) {
          assert.equal(lines.offset(line, character), document.offsetAt({ line, character }), `line ${line} character ${character}`);
        }
      }
    });
  }
});
