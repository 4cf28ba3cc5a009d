/**
 * The uncensored chat models users talk to, with the templates, capabilities and
 * reasoning behaviour Ollama's library publishes for them (ollama.com/library pages
 * "Template" and "Params"; docs/reference/ollama-api.md section 7 for `thinking`).
 * Each stands for one reasoning style the chat view must handle:
 * - Dolphin (Mistral and Llama 3 bases): ChatML, no reasoning;
 * - a DeepSeek-R1 distill whose template pre-fills `<think>`: no `thinking`
 *   capability (the template has no closing tag), so the model writes only `</think>`;
 * - Qwen3 and its abliterated build: the `thinking` capability, `think` option, field;
 * - Llama2-uncensored and Nous-Hermes: older templates with no place for a system prompt.
 */
import type { SimModel } from './types';

const CHATML_PROMPT =
  '{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}' +
  '{{ if .Prompt }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n{{ end }}<|im_start|>assistant\n{{ .Response }}<|im_end|>\n';

const DOLPHIN_MISTRAL_TEMPLATE = '<|im_start|>system\n{{ .System }}<|im_end|>\n<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n';

/** The R1-distill chat template after DeepSeek's January 2025 update: the prompt ends inside `<think>`. */
export const R1_PREFILL_TEMPLATE =
  '{{- if .System }}{{ .System }}{{ end }}{{- range $i, $_ := .Messages }}' +
  '{{- if eq .Role "user" }}<｜User｜>{{ .Content }}{{- else if eq .Role "assistant" }}<｜Assistant｜>{{ .Content }}<｜end▁of▁sentence｜>' +
  '{{- end }}{{- end }}<｜Assistant｜><think>\n';

const QWEN3_TEMPLATE =
  '{{- if or .System .Tools }}<|im_start|>system\n{{ if .System }}{{ .System }}\n{{ end }}' +
  '{{- if .Tools }}# Tools\n<tools>{{- range .Tools }}{"type": "function", "function": {{ .Function }}}{{- end }}</tools>{{- end }}<|im_end|>\n{{ end }}' +
  '{{- range $i, $_ := .Messages }}{{- $last := eq (len (slice $.Messages $i)) 1 -}}' +
  '{{- if eq .Role "user" }}<|im_start|>user\n{{ .Content }}{{ if and $.IsThinkSet $last }}{{ if $.Think }} /think{{ else }} /no_think{{ end }}{{ end }}<|im_end|>\n' +
  '{{ else if eq .Role "assistant" }}<|im_start|>assistant\n{{ if and $.IsThinkSet .Thinking $last }}<think>{{ .Thinking }}</think>\n{{ end }}' +
  '{{ .Content }}{{- if not $last }}<|im_end|>\n{{ end }}{{ end }}' +
  '{{- if and (ne .Role "assistant") $last }}<|im_start|>assistant\n{{ if and $.IsThinkSet (not $.Think) }}<think>\n\n</think>\n\n{{ end }}{{ end }}{{- end }}';

const NOUS_HERMES_TEMPLATE = '### Instruction:\n{{ .Prompt }}\n\n### Response:\n';

const CHATML_STOPS = { stop: ['<|im_start|>', '<|im_end|>'] };

export const CHAT_MODELS: readonly SimModel[] = [
  {
    name: 'dolphin-mistral:7b', family: 'llama', parameterSize: '7B', quantization: 'Q4_0', sizeBytes: 4_108_940_112,
    contextLength: 32768, template: DOLPHIN_MISTRAL_TEMPLATE, system: 'You are Dolphin, a helpful AI assistant.', parameters: CHATML_STOPS,
  },
  {
    name: 'dolphin-llama3:8b', family: 'llama', parameterSize: '8.0B', quantization: 'Q4_0', sizeBytes: 4_661_223_360,
    contextLength: 8192, template: CHATML_PROMPT, system: 'You are Dolphin, a helpful AI assistant.',
    parameters: { ...CHATML_STOPS, num_ctx: 8192 },
  },
  {
    name: 'hf.co/bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M', family: 'qwen2', parameterSize: '7.6B', quantization: 'Q4_K_M',
    sizeBytes: 4_683_073_952, contextLength: 131072, template: R1_PREFILL_TEMPLATE,
    parameters: { stop: ['<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>', '<｜User｜>', '<｜Assistant｜>'] },
  },
  {
    name: 'qwen3:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_225_388_164,
    contextLength: 40960, template: QWEN3_TEMPLATE,
    parameters: { ...CHATML_STOPS, temperature: 0.6, top_k: 20, top_p: 0.95, repeat_penalty: 1 },
  },
  {
    name: 'huihui_ai/qwen3-abliterated:8b', family: 'qwen3', parameterSize: '8.2B', quantization: 'Q4_K_M', sizeBytes: 5_027_784_920,
    contextLength: 40960, template: QWEN3_TEMPLATE, parameters: { ...CHATML_STOPS, temperature: 0.6, top_k: 20, top_p: 0.95 },
  },
  {
    name: 'nous-hermes:13b', family: 'llama', parameterSize: '13B', quantization: 'Q4_0', sizeBytes: 7_365_960_935,
    contextLength: 4096, template: NOUS_HERMES_TEMPLATE, parameters: { stop: ['### Instruction:', '### Response:'] },
  },
];

/** Whether the template ends the prompt inside `<think>` (the model writes only `</think>`). */
export function templateOpensThink(template: string): boolean {
  return /<think>\s*$/.test(template);
}
