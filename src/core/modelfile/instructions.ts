/**
 * What each instruction does, for completion and hover
 * (docs/reference/modelfile.md section 3).
 */
import type { InstructionName } from './syntax';

export interface InstructionDoc {
  readonly name: InstructionName;
  /** How it is written, e.g. `PARAMETER <name> <value>`. */
  readonly usage: string;
  readonly doc: string;
  /** A snippet (LSP snippet syntax) that completion inserts. */
  readonly snippet: string;
  /** Servers older than this reject the keyword. */
  readonly since?: string;
}

export const INSTRUCTION_DOCS: Readonly<Record<InstructionName, InstructionDoc>> = {
  from: {
    name: 'from',
    usage: 'FROM <model name or path>',
    doc: 'The base model (required): an installed or pullable name such as `llama3.2` or `qwen2.5-coder:7b`, or a path to a GGUF file or a safetensors directory, relative to this Modelfile.',
    snippet: 'FROM ${1:model}',
  },
  parameter: {
    name: 'parameter',
    usage: 'PARAMETER <name> <value>',
    doc: 'Sets a default option of the model, e.g. `PARAMETER temperature 0.7`. Exactly one space between PARAMETER and the name. `stop` may repeat.',
    snippet: 'PARAMETER ${1:temperature} ${2:0.7}',
  },
  template: {
    name: 'template',
    usage: 'TEMPLATE """<Go template>"""',
    doc: 'The prompt template, a Go text/template over `.System`, `.Prompt`, `.Response`, `.Messages`, `.Tools`, `.Suffix` (its presence makes the model a fill-in-the-middle model) and `.Think`. Ollama checks it when the model is created.',
    snippet: 'TEMPLATE """${1:{{ .Prompt \\}\\}}"""',
  },
  system: {
    name: 'system',
    usage: 'SYSTEM """<text>"""',
    doc: 'The default system prompt. A request\'s own system message replaces it.',
    snippet: 'SYSTEM """${1}"""',
  },
  adapter: {
    name: 'adapter',
    usage: 'ADAPTER <path>',
    doc: 'A LoRA adapter (GGUF file or safetensors directory) applied to the base model; the path is relative to this Modelfile and must exist. The base model must be the one the adapter was trained on.',
    snippet: 'ADAPTER ${1:./adapter.gguf}',
  },
  license: {
    name: 'license',
    usage: 'LICENSE """<text>"""',
    doc: 'The model\'s license. May repeat.',
    snippet: 'LICENSE """${1}"""',
  },
  message: {
    name: 'message',
    usage: 'MESSAGE <system|user|assistant> <text>',
    doc: 'An example turn of conversation, put before every chat. The role is lower case: `system`, `user` or `assistant`.',
    snippet: 'MESSAGE ${1|user,assistant,system|} ${2}',
  },
  requires: {
    name: 'requires',
    usage: 'REQUIRES <version>',
    doc: 'The oldest Ollama version that may run this model, as semver (`0.14.0`, a leading `v` is optional).',
    snippet: 'REQUIRES ${1:0.14.0}',
    since: '0.14.0',
  },
  renderer: {
    name: 'renderer',
    usage: 'RENDERER <name>',
    doc: 'A renderer built into Ollama that replaces TEMPLATE for some model families.',
    snippet: 'RENDERER ${1}',
    since: '0.12.0',
  },
  parser: {
    name: 'parser',
    usage: 'PARSER <name>',
    doc: 'An output parser built into Ollama (tool calls, thinking) for some model families.',
    snippet: 'PARSER ${1}',
    since: '0.12.0',
  },
  draft: {
    name: 'draft',
    usage: 'DRAFT <path>',
    doc: 'A small local model for speculative decoding; the path must exist and differ from FROM.',
    snippet: 'DRAFT ${1:./draft.gguf}',
    since: '0.23.1',
  },
};

/** Built into Ollama v0.33 (model/renderers, model/parsers); other servers may know others, so unknown names only warn. */
export const RENDERERS = 'qwen3-coder qwen3-vl-instruct qwen3-vl-thinking qwen3.5 qwen3.8 ornith cogito deepseek3.1 olmo3 olmo3.1 olmo3-think olmo3-32b-think nemotron-3-nano nemotron-3.5-nano gemma4 gemma4-small gemma4-large functiongemma glm-4.7 glm-ocr lfm2 lfm2-thinking laguna poolside-v1 cohere glimmer'.split(' ');
export const PARSERS = 'qwen3 qwen3-thinking qwen3.5 ornith qwen3-coder qwen3-vl-instruct qwen3-vl-thinking ministral passthrough harmony cogito deepseek3 olmo3 olmo3-think nemotron-3-nano nemotron-3.5-nano functiongemma glm-4.7 gemma4 gemma4-no-thinking glm-ocr lfm2 lfm2-thinking laguna poolside-v1 cohere glimmer'.split(' ');
