/**
 * HEAD and POST /api/blobs/:digest (docs/reference/ollama-api.md section 9),
 * as Ollama's HeadBlobHandler and CreateBlobHandler answer: a digest must be
 * `sha256:<64 hex>`; a POST stores the body under its digest (201), answers
 * 200 without reading when the blob is already there, and 400 when the body's
 * digest is another one.
 */
import { createHash } from 'node:crypto';
import { sendEmpty, sendError, type Exchange } from './http-io';
import type { SimState } from './state';

const DIGEST = /^sha256[:-][0-9a-fA-F]{64}$/;

function canonical(digest: string): string {
  return `sha256:${digest.slice(7).toLowerCase()}`;
}

export async function handleBlob(state: SimState, ex: Exchange, digest: string): Promise<void> {
  const method = ex.req.method ?? 'GET';
  if (!DIGEST.test(digest)) {
    ex.req.resume();
    return sendError(ex, 400, 'invalid digest format');
  }
  const key = canonical(digest);
  if (method === 'HEAD') {
    ex.req.resume();
    return sendEmpty(ex, state.blobs.has(key) ? 200 : 404);
  }
  if (state.blobs.has(key)) {
    ex.req.resume();
    return sendEmpty(ex, 200);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of ex.req) {
    const buffer = chunk as Buffer;
    hash.update(buffer);
    bytes += buffer.length;
  }
  const actual = `sha256:${hash.digest('hex')}`;
  if (actual !== key) return sendError(ex, 400, `digest mismatch, expected "${digest}", got "${actual}"`);
  state.blobs.set(key, bytes);
  ex.record.body = { digest: key, bytes };
  return sendEmpty(ex, 201);
}

/** Where Ollama keeps a blob, as its error messages name it. */
export function blobPath(digest: string): string {
  return `/root/.ollama/models/blobs/${digest.replace(':', '-')}`;
}
