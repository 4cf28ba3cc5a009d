/**
 * FROM, ADAPTER and DRAFT paths as Ollama's client resolves them
 * (`expandPathImpl`): `~` and `~user` are home directories, relative paths are
 * relative to the Modelfile's directory.
 */
import { isAbsolute, join, resolve } from 'node:path';

/** A value that is meant as a file, not a model name (docs/reference/modelfile.md section 6). */
export function looksLikePath(value: string): boolean {
  return /^(?:\.|\/|~|\\)/.test(value) || /^[A-Za-z]:[\\/]/.test(value) || /\.(?:gguf|safetensors|bin)$/i.test(value);
}

export interface PathContext {
  /** The Modelfile's directory; undefined for an unsaved Modelfile (relative paths cannot be resolved). */
  readonly directory: string | undefined;
  readonly home: string;
}

export function resolveLocalPath(value: string, ctx: PathContext): string | undefined {
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) return join(ctx.home, value.slice(1));
  // `~user`: the user's home, next to ours.
  const other = /^~([^/\\]+)(.*)$/.exec(value);
  if (other) return join(ctx.home, '..', other[1] ?? '', other[2] ?? '');
  if (isAbsolute(value)) return value;
  return ctx.directory === undefined ? undefined : resolve(ctx.directory, value);
}
