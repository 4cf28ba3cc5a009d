/**
 * The JSON body of `POST /api/create` (Ollama v0.5.5+) for a parsed
 * Modelfile, as `ollama create` builds it (Modelfile.CreateRequest, see
 * docs/reference/modelfile.md section 6 and docs/reference/ollama-api.md
 * section 9): a FROM that is a local file or directory becomes `files`
 * (uploaded as blobs first), any other FROM is a model name.
 */
import { goParseBool } from './go-values';
import { resolveLocalPath, type PathContext } from './local-paths';
import { parameterDoc } from './parameters';
import type { Instruction, MessageRole, ParsedModelfile } from './syntax';

export type ParameterValue = number | boolean | string | string[];

export interface CreateRequest {
  readonly model: string;
  readonly from?: string;
  /** File name -> `sha256:<hex>` of an uploaded blob. */
  readonly files?: Readonly<Record<string, string>>;
  readonly adapters?: Readonly<Record<string, string>>;
  readonly template?: string;
  readonly system?: string;
  readonly license?: readonly string[];
  readonly parameters?: Readonly<Record<string, ParameterValue>>;
  readonly messages?: readonly { readonly role: MessageRole; readonly content: string }[];
  readonly renderer?: string;
  readonly parser?: string;
  readonly requires?: string;
  readonly stream: true;
}

/** A FROM or ADAPTER that names something on disk: its files go up as blobs. */
export interface LocalSource {
  readonly instruction: Instruction;
  readonly kind: 'from' | 'adapter';
  readonly path: string;
}

export function localSources(parsed: ParsedModelfile, paths: PathContext & { exists(path: string): boolean }): LocalSource[] {
  const out: LocalSource[] = [];
  for (const ins of parsed.instructions) {
    if (ins.name !== 'from' && ins.name !== 'adapter') continue;
    // Ollama tries every FROM as a path first; a name like `llama3.2` is simply not a file.
    const path = resolveLocalPath(ins.value, paths);
    if (path !== undefined && paths.exists(path)) {
      out.push({ instruction: ins, kind: ins.name, path });
    }
  }
  return out;
}

function typed(name: string, value: string): ParameterValue {
  switch (parameterDoc(name)?.type) {
    case 'int':
    case 'float':
      return Number(value);
    case 'bool':
      return goParseBool(value) && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value);
    default:
      return value;
  }
}

/**
 * `digests` holds, for each local FROM/ADAPTER instruction, its uploaded files.
 * The Modelfile must be one Ollama accepts (see validate.ts); deprecated
 * parameters are dropped as Ollama drops them.
 */
export function buildCreateRequest(model: string, parsed: ParsedModelfile, digests: ReadonlyMap<Instruction, Readonly<Record<string, string>>>): CreateRequest {
  let from: string | undefined;
  let files: Record<string, string> | undefined;
  let adapters: Record<string, string> | undefined;
  let template: string | undefined;
  let system: string | undefined;
  let renderer: string | undefined;
  let parser: string | undefined;
  let requires: string | undefined;
  const license: string[] = [];
  const messages: { role: MessageRole; content: string }[] = [];
  const parameters: Record<string, ParameterValue> = {};
  for (const ins of parsed.instructions) {
    switch (ins.name) {
      case 'from': {
        const local = digests.get(ins);
        if (local) files = { ...files, ...local };
        else from = ins.value;
        break;
      }
      case 'adapter':
        adapters = { ...(digests.get(ins) ?? {}) };
        break;
      case 'template':
        template = ins.value;
        break;
      case 'system':
        system = ins.value;
        break;
      case 'license':
        license.push(ins.value);
        break;
      case 'message':
        messages.push({ role: (ins.argument?.text ?? 'user') as MessageRole, content: ins.value });
        break;
      case 'renderer':
        renderer = ins.value;
        break;
      case 'parser':
        parser = ins.value;
        break;
      case 'requires':
        requires = ins.value.replace(/^v/, '');
        break;
      case 'draft':
        // Not sent: see the create command, which refuses DRAFT before building a request.
        break;
      case 'parameter': {
        const name = ins.argument?.text ?? '';
        const doc = parameterDoc(name);
        if (!doc || doc.status !== 'current') break;
        if (doc.repeatable) {
          const list = parameters[name];
          parameters[name] = [...(Array.isArray(list) ? list : []), ins.value];
        } else {
          parameters[name] = typed(name, ins.value);
        }
        break;
      }
      default: {
        const never: never = ins.name;
        throw new Error(`unknown instruction ${String(never)}`);
      }
    }
  }
  return {
    model,
    ...(from !== undefined ? { from } : {}),
    ...(files ? { files } : {}),
    ...(adapters ? { adapters } : {}),
    ...(template !== undefined ? { template } : {}),
    ...(system !== undefined ? { system } : {}),
    ...(license.length ? { license } : {}),
    ...(Object.keys(parameters).length ? { parameters } : {}),
    ...(messages.length ? { messages } : {}),
    ...(renderer !== undefined ? { renderer } : {}),
    ...(parser !== undefined ? { parser } : {}),
    ...(requires !== undefined ? { requires } : {}),
    stream: true,
  };
}

/**
 * The instruction an error from `POST /api/create` is about, so the editor can
 * show it there; undefined when the message names none.
 */
export function instructionForError(parsed: ParsedModelfile, message: string): Instruction | undefined {
  const last = (name: Instruction['name']) => parsed.instructions.filter((i) => i.name === name).at(-1);
  if (/template/i.test(message)) return last('template');
  if (/adapter/i.test(message)) return last('adapter');
  if (/requires|version/i.test(message)) return last('requires') ?? last('from');
  if (/renderer/i.test(message)) return last('renderer');
  if (/parser/i.test(message)) return last('parser');
  if (/license/i.test(message)) return last('license');
  if (/message/i.test(message)) return last('message');
  if (/from|model|manifest|not found|file does not exist|gguf|safetensors/i.test(message)) return last('from');
  return undefined;
}
