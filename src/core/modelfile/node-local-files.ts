/** `LocalFiles` on the real disk (node:fs), streamed so a multi-gigabyte GGUF never sits in memory. */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LocalFile, LocalFiles } from './forge';

/** What Ollama takes from a safetensors directory (weights, config, tokenizer). */
const MODEL_FILE = /\.(?:safetensors|json|gguf|model|tiktoken)$/i;

export const nodeLocalFiles: LocalFiles = {
  exists: (path) => existsSync(path),

  async list(path): Promise<LocalFile[]> {
    const stat = statSync(path);
    if (!stat.isDirectory()) return [{ name: basename(path), path, size: stat.size }];
    const entries = await readdir(path, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && MODEL_FILE.test(e.name))
      .map((e) => ({ name: e.name, path: join(path, e.name), size: statSync(join(path, e.name)).size }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },

  async digest(path, onBytes, signal): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path, { signal })) {
      hash.update(chunk as Buffer);
      onBytes((chunk as Buffer).length);
    }
    return `sha256:${hash.digest('hex')}`;
  },

  async *read(path, signal) {
    for await (const chunk of createReadStream(path, { signal })) yield new Uint8Array(chunk as Buffer);
  },
};
