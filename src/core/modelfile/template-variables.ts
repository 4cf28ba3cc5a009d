/** What a TEMPLATE can use (docs/reference/modelfile.md section 5), for completion and hover. */
export interface TemplateName {
  readonly name: string;
  readonly doc: string;
}

export const TEMPLATE_VARIABLES: readonly TemplateName[] = [
  { name: '.System', doc: 'The system prompt.' },
  { name: '.Prompt', doc: 'The user prompt (single-turn templates).' },
  { name: '.Response', doc: 'The answer. Text after it is cut when generating; without `.Messages` or `.Response` Ollama appends `{{ .Response }}`.' },
  { name: '.Suffix', doc: 'The text after the cursor in fill-in-the-middle requests. Its presence gives the model the `insert` capability.' },
  { name: '.Messages', doc: 'The conversation: each has `.Role` (system, user, assistant, tool), `.Content`, `.Thinking`, `.Images`, `.ToolCalls`, `.ToolName`.' },
  { name: '.Tools', doc: 'The tools offered; their presence gives the model the `tools` capability.' },
  { name: '.Think', doc: 'Whether thinking is on (bool).' },
  { name: '.ThinkLevel', doc: '"", low, medium, high or max.' },
  { name: '.IsThinkSet', doc: 'Whether the request set `think`.' },
];

export const TEMPLATE_FUNCTIONS: readonly TemplateName[] = [
  { name: 'json', doc: 'Marshals a value to a JSON string (Ollama).' },
  { name: 'currentDate', doc: 'Today as YYYY-MM-DD (Ollama).' },
  { name: 'yesterdayDate', doc: 'Yesterday as YYYY-MM-DD (Ollama).' },
  { name: 'toTypeScriptType', doc: 'A tool property schema as a TypeScript type (Ollama).' },
  ...['and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'len', 'index', 'slice', 'print', 'printf', 'println'].map((name) => ({ name, doc: 'Go text/template built-in.' })),
  ...['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block'].map((name) => ({ name, doc: 'Go text/template action.' })),
];
