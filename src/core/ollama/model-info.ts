/**
 * /api/show, normalised into `ModelInfo`. Servers before v0.6.4 send no
 * `capabilities`; then they are inferred the way the server derives them
 * (server/images.go, docs/reference/ollama-api.md section 5) from the template and model_info.
 */
import { asObject, field, num, str, strings, type JsonObject } from './json-fields';
import type { Capability, ModelDetails, ModelInfo } from './types';

const KNOWN: ReadonlySet<string> = new Set<Capability>(['completion', 'insert', 'tools', 'thinking', 'vision', 'embedding']);

function isCapability(value: string): value is Capability {
  return KNOWN.has(value);
}

/** Reasoning tag pairs seen in chat templates; the server looks for a matching open/close pair. */
const THINK_TAGS = ['think', 'thinking', 'reasoning'];

/**
 * The server's own rules, applied to what an old server does give us.
 * `.Suffix` is matched case-insensitively on the identifier, as the server does.
 */
export function inferCapabilities(template: string, modelInfo: JsonObject, architecture: string | undefined): Set<Capability> {
  const caps = new Set<Capability>();
  const key = (suffix: string): string => `${architecture ?? ''}.${suffix}`;
  const embedding = architecture !== undefined && key('pooling_type') in modelInfo;
  caps.add(embedding ? 'embedding' : 'completion');
  if (/\.suffix\b/i.test(template)) caps.add('insert');
  if (/\.tools\b/i.test(template)) caps.add('tools');
  const lower = template.toLowerCase();
  if (THINK_TAGS.some((tag) => lower.includes(`<${tag}>`) && lower.includes(`</${tag}>`))) caps.add('thinking');
  if (architecture !== undefined && key('vision.block_count') in modelInfo) caps.add('vision');
  return caps;
}

export function toModelDetails(raw: unknown): ModelDetails {
  const d = asObject(raw);
  const details: { -readonly [K in keyof ModelDetails]: ModelDetails[K] } = {};
  const family = str(d['family']);
  const families = strings(d['families']);
  const parameterSize = str(d['parameter_size']);
  const quantizationLevel = str(d['quantization_level']);
  const format = str(d['format']);
  if (family) details.family = family;
  if (families) details.families = families;
  if (parameterSize) details.parameterSize = parameterSize;
  if (quantizationLevel) details.quantizationLevel = quantizationLevel;
  if (format) details.format = format;
  return details;
}

/**
 * Whether a reply can stand for a verdict on the model. Ollama always sends
 * `model_info` (and `capabilities` since v0.6.4, `template` unless it is empty);
 * a reply with none of them (`{}`, `[]`, `null`, a proxy's own JSON) says nothing
 * about the model, and inferring from it would brand a code model "chat only".
 */
function describesModel(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  return strings(field(raw, 'capabilities')) !== undefined || str(field(raw, 'template')) !== undefined || str(asObject(field(raw, 'model_info'))['general.architecture']) !== undefined;
}

/** Throws SyntaxError (a `malformed` cause, never cached) for a reply that does not describe a model. */
export function toModelInfo(name: string, raw: unknown): ModelInfo {
  if (!describesModel(raw)) throw new SyntaxError('/api/show did not describe the model (no capabilities, template or model_info)');
  const modelInfo = asObject(field(raw, 'model_info'));
  const architecture = str(modelInfo['general.architecture']);
  const template = str(field(raw, 'template')) ?? '';
  const reported = strings(field(raw, 'capabilities'));
  const capabilities = reported
    ? new Set(reported.filter(isCapability))
    : inferCapabilities(template, modelInfo, architecture);
  const contextLength = architecture ? num(modelInfo[`${architecture}.context_length`]) : undefined;
  const remoteHost = str(field(raw, 'remote_host')) || undefined;
  return {
    name,
    capabilities,
    capabilitiesInferred: reported === undefined,
    template,
    details: toModelDetails(field(raw, 'details')),
    ...(contextLength !== undefined ? { contextLength } : {}),
    ...(architecture !== undefined ? { architecture } : {}),
    parameters: str(field(raw, 'parameters')) ?? '',
    system: str(field(raw, 'system')) ?? '',
    ...(remoteHost !== undefined ? { remoteHost } : {}),
  };
}
