/**
 * A Modelfile for a new variant of an installed model: FROM it, its template,
 * a system prompt the user writes (the default adds no refusal), and the
 * common parameters with the model's own values where it has them.
 */

/** `Command.String`'s quoting (docs/reference/modelfile.md section 3), with triple quotes for multi-line text. */
export function quoteValue(value: string): string {
  if (value.includes('\n') || value.startsWith(' ') || value.endsWith(' ') || value === '') {
    return value.includes('"') || value.includes('\n') ? `"""${value}"""` : `"${value}"`;
  }
  return value;
}

/** `parameters` of /api/show: one `name value` per line, strings JSON-quoted, stop repeated. */
export function parseShownParameters(text: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\w+)\s+(.*?)\s*$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    let value = match[2];
    if (value.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === 'string') value = parsed;
      } catch {
        // Not JSON after all: keep it as written.
      }
    }
    out.push([match[1], value]);
  }
  return out;
}

export interface VariantSource {
  readonly model: string;
  readonly template: string;
  /** /api/show `parameters`. */
  readonly parameters: string;
}

export const DEFAULT_VARIANT_SYSTEM = 'You are a capable assistant. Answer directly and completely, in the language of the question.';

const COMMON: readonly [string, string][] = [
  ['temperature', '0.8'],
  ['top_p', '0.9'],
  ['top_k', '40'],
  ['repeat_penalty', '1.0'],
  ['num_ctx', '8192'],
];

export function variantModelfile(source: VariantSource): string {
  const own = parseShownParameters(source.parameters);
  const ownNames = new Set(own.map(([name]) => name));
  const parameters = [...COMMON.filter(([name]) => !ownNames.has(name)), ...own];
  const lines = [
    `# A variant of ${source.model}. Edit it, then run "Unbound: Create Model from This Modelfile".`,
    `FROM ${source.model}`,
    '',
    ...(source.template ? [`TEMPLATE ${source.template.includes('"""') ? quoteValue(source.template) : `"""${source.template}"""`}`, ''] : []),
    `SYSTEM """${DEFAULT_VARIANT_SYSTEM}"""`,
    '',
    ...parameters.map(([name, value]) => `PARAMETER ${name} ${quoteValue(value)}`),
  ];
  return `${lines.join('\n')}\n`;
}
