/**
 * Whether Ollama takes `name` as a model name (types/model/name.go, see
 * docs/reference/modelfile.md section 3): `[host/][namespace/]model[:tag]`,
 * each part starting with a letter, digit or `_`, then letters, digits, `_`,
 * `-` and `.`, at most 80 characters.
 */
const part = '[A-Za-z0-9_][A-Za-z0-9_.-]{0,79}';
const NAME = new RegExp(`^(?:${part}(?::\\d+)?/)?(?:${part}/)?${part}(?::${part})?$`);

export function modelNameProblem(name: string): string | undefined {
  if (name.trim() === '') return 'Give the model a name, e.g. my-assistant or my-assistant:v1.';
  if (name !== name.trim()) return 'No spaces around the name.';
  if (!NAME.test(name)) return 'A model name is [namespace/]name[:tag]: letters, digits, _, - and ., each part starting with a letter, digit or _.';
  return undefined;
}
