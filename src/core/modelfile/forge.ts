/**
 * Creating a model from a Modelfile, as `ollama create` does it: every local
 * FROM/ADAPTER file is hashed and uploaded as a blob unless the server has it
 * already, then the JSON create request goes out and its status streams back.
 * Progress is reported as it happens; the signal stops all of it.
 */
import { buildCreateRequest, localSources, type CreateRequest } from './create-request';
import type { CreateProgress, ModelfileApi } from './create-client';
import type { PathContext } from './local-paths';
import type { Instruction, ParsedModelfile } from './syntax';

export interface LocalFile {
  /** The name Ollama is told (relative to a FROM directory, or the file's own name). */
  readonly name: string;
  readonly path: string;
  readonly size: number;
}

/** Disk access, passed in (node-local-files.ts in the product, fakes never needed: tests use real temp files). */
export interface LocalFiles {
  exists(path: string): boolean;
  /** A file is itself; a directory is the model files in it. */
  list(path: string): Promise<LocalFile[]>;
  /** `sha256:<hex>` of the file; `onBytes` after each chunk read. */
  digest(path: string, onBytes: (bytes: number) => void, signal: AbortSignal): Promise<string>;
  read(path: string, signal: AbortSignal): AsyncIterable<Uint8Array>;
}

export type ForgeProgress =
  | { readonly kind: 'hashing'; readonly file: string; readonly done: number; readonly total: number }
  | { readonly kind: 'uploading'; readonly file: string; readonly sent: number; readonly total: number }
  | { readonly kind: 'present'; readonly file: string }
  | { readonly kind: 'status'; readonly progress: CreateProgress };

export interface ForgeOptions {
  readonly api: ModelfileApi;
  readonly files: LocalFiles;
  readonly parsed: ParsedModelfile;
  readonly model: string;
  readonly paths: PathContext;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: ForgeProgress) => void;
}

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}

async function uploadAll(options: ForgeOptions): Promise<Map<Instruction, Record<string, string>>> {
  const { api, files, signal, onProgress } = options;
  const digests = new Map<Instruction, Record<string, string>>();
  for (const source of localSources(options.parsed, { ...options.paths, exists: (p) => files.exists(p) })) {
    const map: Record<string, string> = {};
    for (const file of await files.list(source.path)) {
      let done = 0;
      const digest = await files.digest(file.path, (n) => onProgress({ kind: 'hashing', file: file.name, done: (done += n), total: file.size }), signal);
      if (await api.hasBlob(digest, signal)) {
        onProgress({ kind: 'present', file: file.name });
      } else {
        let sent = 0;
        onProgress({ kind: 'uploading', file: file.name, sent, total: file.size });
        await api.uploadBlob(digest, counted(files.read(file.path, signal), (n) => onProgress({ kind: 'uploading', file: file.name, sent: (sent += n), total: file.size })), signal);
      }
      map[file.name] = digest;
    }
    digests.set(source.instruction, map);
  }
  return digests;
}

/** Resolves with the request that was sent once Ollama said "success"; rejects with an OllamaError otherwise. */
export async function forgeModel(options: ForgeOptions): Promise<CreateRequest> {
  const digests = await uploadAll(options);
  const request = buildCreateRequest(options.model, options.parsed, digests);
  for await (const progress of options.api.create(request, options.signal)) options.onProgress({ kind: 'status', progress });
  return request;
}
