/**
 * Where `ollama pull NAME` fetches a model from. Ollama reads a name as
 * `[host/][namespace/]model[:tag]` with `registry.ollama.ai` and `library` as the
 * defaults, so `hf.co/user/repo` or `some.host:5000/ns/model` pull from another
 * server: a name set by a workspace could point anywhere, and the user should see
 * where before a pull starts.
 */
export const DEFAULT_REGISTRY = 'registry.ollama.ai';

/** The registry host a model name pulls from. */
export function modelRegistry(name: string): string {
  let rest = name.trim();
  const scheme = rest.indexOf('://');
  if (scheme >= 0) rest = rest.slice(scheme + 3);
  const parts = rest.split('/');
  return parts.length >= 3 && parts[0] ? parts[0].toLowerCase() : DEFAULT_REGISTRY;
}

/** A sentence to show before pulling `name` from another registry than Ollama's; undefined for Ollama's own. */
export function pullWarning(name: string): string | undefined {
  const registry = modelRegistry(name);
  if (registry === DEFAULT_REGISTRY) return undefined;
  return `${name} comes from ${registry}, not the Ollama library (${DEFAULT_REGISTRY}). Pull it from ${registry}?`;
}
