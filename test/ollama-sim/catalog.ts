/**
 * The models the simulator knows: a default pull catalog with realistic sizes,
 * templates and capabilities, and the rules that complete a partial SimModel
 * the way Ollama derives the same facts (server/images.go).
 */
import { createHash } from 'node:crypto';
import { CHAT_MODELS } from './chat-models';
import type { SimCapability, SimModel } from './types';

const QWEN_CODER_TEMPLATE =
  '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>\n' +
  '{{- else if .Messages }}{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}' +
  '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n' +
  '{{- else }}{{ .Prompt }}{{- end }}';

const QWEN_CODER_INSTRUCT_TEMPLATE =
  '{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>\n' +
  '{{- else if .Messages }}{{- if or .System .Tools }}<|im_start|>system\n{{ .System }}\n' +
  '{{- if .Tools }}# Tools\n<tools>{{- range .Tools }}{"type": "function", "function": {{ .Function }}}{{- end }}</tools>{{- end }}<|im_end|>\n{{ end }}' +
  '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n' +
  '{{- else }}{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}' +
  '{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ end }}{{ .Response }}';

const CHATML_TEMPLATE =
  '{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}' +
  '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n';

const DEEPSEEK_R1_TEMPLATE =
  '{{- if .System }}{{ .System }}{{ end }}{{- range $i, $_ := .Messages }}' +
  '{{- if eq .Role "user" }}<｜User｜>{{ .Content }}{{- else if eq .Role "assistant" }}<｜Assistant｜>' +
  '{{- if and $.IsThinkSet (and $last .Thinking) -}}<think>\n{{ .Thinking }}\n</think>\n{{- end }}{{ .Content }}<｜end▁of▁sentence｜>' +
  '{{- end }}{{- end }}<｜Assistant｜>{{- if and $.IsThinkSet (not $.Think) -}}<think>\n\n</think>\n\n{{ end }}';

const LLAMA2_UNCENSORED_TEMPLATE = '### HUMAN:\n{{ .Prompt }}\n\n### RESPONSE:\n';

const CODELLAMA_CODE_TEMPLATE = '{{- if .Suffix }}<PRE> {{ .Prompt }} <SUF>{{ .Suffix }} <MID>{{- else }}{{ .Prompt }}{{- end }}';

const GENERIC_TEMPLATE = '{{ if .System }}{{ .System }}\n{{ end }}{{ .Prompt }}';

/** What `ollama pull` can fetch when a test adds nothing of its own. */
export const DEFAULT_PULLABLE: readonly SimModel[] = [
  {
    name: 'qwen2.5-coder:1.5b-base', family: 'qwen2', parameterSize: '1.5B', quantization: 'Q4_K_M',
    sizeBytes: 986_061_892, contextLength: 32768, template: QWEN_CODER_TEMPLATE,
  },
  {
    name: 'qwen2.5-coder:7b', family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M',
    sizeBytes: 4_683_087_332, contextLength: 32768, template: QWEN_CODER_INSTRUCT_TEMPLATE,
    system: 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.',
  },
  {
    name: 'dolphin3:8b', family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M',
    sizeBytes: 4_920_757_726, contextLength: 131072, template: CHATML_TEMPLATE,
    system: 'You are Dolphin, a helpful AI assistant.',
    parameters: { stop: ['<|im_start|>', '<|im_end|>'] },
  },
  {
    name: 'deepseek-r1:7b', family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M',
    sizeBytes: 4_683_075_271, contextLength: 131072, template: DEEPSEEK_R1_TEMPLATE,
    parameters: { stop: ['<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>', '<｜User｜>', '<｜Assistant｜>'] },
  },
  {
    name: 'llama2-uncensored:7b', family: 'llama', parameterSize: '7B', quantization: 'Q4_0',
    sizeBytes: 3_825_819_519, contextLength: 4096, template: LLAMA2_UNCENSORED_TEMPLATE,
    parameters: { stop: ['### HUMAN:', '### RESPONSE:'] },
  },
  {
    name: 'codellama:7b-code', family: 'llama', parameterSize: '7B', quantization: 'Q4_0',
    sizeBytes: 3_825_910_662, contextLength: 16384, template: CODELLAMA_CODE_TEMPLATE,
    parameters: { rope_frequency_base: 1_000_000, stop: ['<EOT>'] },
  },
  ...CHAT_MODELS,
];

/** Installed when a test gives no `models`. */
export const DEFAULT_INSTALLED = ['qwen2.5-coder:1.5b-base', 'dolphin3:8b', 'deepseek-r1:7b'] as const;

/** A SimModel with every fact filled in. */
export interface ResolvedModel {
  readonly name: string;
  readonly family: string;
  readonly parameterSize: string;
  readonly quantization: string;
  readonly sizeBytes: number;
  readonly vramBytes: number;
  readonly capabilities: readonly SimCapability[];
  readonly template: string;
  readonly contextLength: number;
  readonly architecture: string;
  readonly system: string;
  readonly parameters: Readonly<Record<string, string | number | boolean | readonly (string | number)[]>>;
  readonly digest: string;
  readonly modifiedAt: string;
  /** Cloud models only: the host that runs them. */
  readonly remoteHost?: string;
}

/** `llama3` -> `llama3:latest`, as Ollama's model.ParseName does. */
export function normalizeName(name: string): string {
  const trimmed = name.trim();
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`;
}

/** `test` -> `registry.ollama.ai/library/test:latest`, the name in capability errors. */
export function fullName(name: string): string {
  const normalized = normalizeName(name);
  const parts = normalized.split('/');
  if (parts.length >= 3) return normalized;
  if (parts.length === 2) return `registry.ollama.ai/${normalized}`;
  return `registry.ollama.ai/library/${normalized}`;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Capabilities from a template, like goTemplateCapabilities in server/images.go. */
export function capabilitiesFromTemplate(template: string): SimCapability[] {
  const caps: SimCapability[] = ['completion'];
  if (/\.suffix\b/i.test(template)) caps.push('insert');
  if (/\.Tools\b/.test(template)) caps.push('tools');
  if (template.includes('<think>') && template.includes('</think>')) caps.push('thinking');
  return caps;
}

function templateFor(caps: readonly SimCapability[]): string {
  if (caps.includes('insert')) return QWEN_CODER_TEMPLATE;
  if (caps.includes('thinking')) return DEEPSEEK_R1_TEMPLATE;
  if (caps.includes('tools')) return QWEN_CODER_INSTRUCT_TEMPLATE.replace(/\{\{- if \.Suffix \}\}[^\n]*\n\{\{- else if/, '{{- if');
  return caps.length ? CHATML_TEMPLATE : GENERIC_TEMPLATE;
}

function guessFamily(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1).split(':')[0] ?? name;
  if (base.startsWith('qwen') || base.startsWith('deepseek-r1')) return 'qwen2';
  return base.replace(/[^a-z]+.*$/i, '') || 'llama';
}

export function resolveModel(m: SimModel, now: Date = new Date()): ResolvedModel {
  const name = normalizeName(m.name);
  const template = m.template ?? templateFor(m.capabilities ?? ['completion']);
  const capabilities = m.capabilities ?? capabilitiesFromTemplate(template);
  const family = m.family ?? guessFamily(name);
  const sizeBytes = m.sizeBytes ?? 4_000_000_000;
  return {
    name,
    family,
    parameterSize: m.parameterSize ?? '7B',
    quantization: m.quantization ?? 'Q4_K_M',
    sizeBytes,
    vramBytes: m.vramBytes ?? sizeBytes,
    capabilities,
    template,
    contextLength: m.contextLength ?? 4096,
    architecture: m.architecture ?? family,
    system: m.system ?? '',
    parameters: m.parameters ?? {},
    digest: m.digest ?? sha256Hex(`model:${name}`),
    modifiedAt: m.modifiedAt ?? now.toISOString(),
    ...(m.remoteHost ? { remoteHost: m.remoteHost } : {}),
  };
}

/** One blob of a model's manifest, as /api/pull reports it. */
export interface Layer {
  readonly digest: string;
  readonly size: number;
}

/** The blobs a pull downloads: weights, template, license, params (Ollama's manifest layers). */
export function layersOf(m: ResolvedModel): Layer[] {
  const small = [
    { kind: 'template', size: Math.max(64, m.template.length) },
    { kind: 'license', size: 11_343 },
    { kind: 'params', size: 96 + JSON.stringify(m.parameters).length },
  ];
  const smallTotal = small.reduce((sum, l) => sum + l.size, 0);
  const weights = Math.max(1, m.sizeBytes - smallTotal);
  return [
    { digest: `sha256:${sha256Hex(`weights:${m.name}`)}`, size: weights },
    ...small.map((l) => ({ digest: `sha256:${sha256Hex(`${l.kind}:${m.name}`)}`, size: l.size })),
  ];
}
