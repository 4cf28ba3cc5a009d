/**
 * Prompts for the code actions as templates the user can override in settings
 * (`unbound.actions.prompts.<action>`). Variables are `{{name}}`; a section
 * `{{#name}}...{{/name}}` appears only when the variable is not empty. The defaults ask
 * for the work and the answer's shape, and add no refusal or moralising text: the user's
 * system prompt and model choice govern.
 */
import { fence } from '../markdown-fence';

export type ActionKind = 'explain' | 'refactor' | 'fix' | 'document' | 'edit' | 'tests';

export const ACTION_KINDS: readonly ActionKind[] = ['explain', 'refactor', 'fix', 'document', 'edit', 'tests'];

export interface PromptVariables {
  /** VS Code language id. */
  readonly language: string;
  /** Workspace-relative path, or the untitled name. */
  readonly fileName: string;
  /** The code the action is about. */
  readonly selection: string;
  /** One line per diagnostic in the range: `line 12 error: ...`; '' when none. */
  readonly diagnostics: string;
  /** Lines around the range, for context; '' when none. */
  readonly surroundingCode: string;
  /** What the user asked for (Refactor's optional instruction, Edit's input); '' when none. */
  readonly instruction: string;
  /** How the language writes doc comments (Document). */
  readonly docStyle: string;
  /** Test framework and file the tests go to (Write tests). */
  readonly testFramework: string;
}

export const VARIABLE_NAMES: readonly (keyof PromptVariables)[] = [
  'language', 'fileName', 'selection', 'diagnostics', 'surroundingCode', 'instruction', 'docStyle', 'testFramework',
];

export const DEFAULT_SYSTEM_PROMPT =
  'You are an expert software engineer working inside the user\'s editor. Do exactly what is asked. ' +
  'When you rewrite code, reply with the complete rewritten code in a single fenced code block, keep everything the user did not ask to change, and never abbreviate code with comments such as "rest unchanged".';

const REWRITE_TAIL = 'Reply with the complete new version of this code in one fenced code block, nothing else.';

export const DEFAULT_PROMPTS: Readonly<Record<ActionKind, string>> = {
  explain: [
    'Explain what this {{language}} code from `{{fileName}}` does, how it works, and anything surprising in it.',
    '{{#instruction}}Focus: {{instruction}}\n{{/instruction}}',
    '{{selection}}',
    '{{#surroundingCode}}\nContext around it:\n{{surroundingCode}}{{/surroundingCode}}',
  ].join('\n'),
  refactor: [
    'Refactor this {{language}} code from `{{fileName}}` to be clearer and simpler without changing its behaviour.',
    '{{#instruction}}Instruction: {{instruction}}\n{{/instruction}}',
    '{{selection}}',
    '{{#surroundingCode}}\nContext (do not rewrite it):\n{{surroundingCode}}\n{{/surroundingCode}}',
    REWRITE_TAIL,
  ].join('\n'),
  fix: [
    'Fix the problems in this {{language}} code from `{{fileName}}`.',
    '{{#diagnostics}}The editor reports:\n{{diagnostics}}\n{{/diagnostics}}',
    '{{selection}}',
    '{{#surroundingCode}}\nContext (do not rewrite it):\n{{surroundingCode}}\n{{/surroundingCode}}',
    REWRITE_TAIL,
  ].join('\n'),
  document: [
    'Add documentation to this {{language}} code from `{{fileName}}`, using {{docStyle}}. Do not change the code itself.',
    '{{selection}}',
    REWRITE_TAIL,
  ].join('\n'),
  edit: [
    'Change this {{language}} code from `{{fileName}}` as follows: {{instruction}}',
    '{{selection}}',
    '{{#surroundingCode}}\nContext (do not rewrite it):\n{{surroundingCode}}\n{{/surroundingCode}}',
    REWRITE_TAIL,
  ].join('\n'),
  tests: [
    'Write unit tests for this {{language}} code from `{{fileName}}`, using {{testFramework}}. Cover the normal cases, the edge cases and the errors.',
    '{{selection}}',
    'Reply with the complete test file in one fenced code block, including its imports.',
  ].join('\n'),
};

export interface RenderedPrompt {
  readonly text: string;
  /** `{{names}}` in the template that are not variables (a typo in a user's template), left as written. */
  readonly unknown: readonly string[];
}

const SECTION = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const VARIABLE = /\{\{\s*(\w+)\s*\}\}/g;

function isVariable(name: string): name is keyof PromptVariables {
  return (VARIABLE_NAMES as readonly string[]).includes(name);
}

/** Variables as they go into the prompt: code is fenced (a fence longer than any inside it). */
function promptValue(name: keyof PromptVariables, vars: PromptVariables): string {
  const value = vars[name];
  if ((name === 'selection' || name === 'surroundingCode') && value !== '') return fence(value, vars.language);
  return value;
}

export function renderTemplate(template: string, vars: PromptVariables): RenderedPrompt {
  const unknown = new Set<string>();
  const withSections = template.replace(SECTION, (_all, name: string, body: string) => {
    if (!isVariable(name)) {
      unknown.add(name);
      return body;
    }
    return vars[name].trim() === '' ? '' : body;
  });
  // One pass over the template: a value that contains `{{x}}` is the user's text, never expanded.
  const text = withSections.replace(VARIABLE, (all, name: string) => {
    if (!isVariable(name)) {
      unknown.add(name);
      return all;
    }
    return promptValue(name, vars);
  });
  return { text: text.replace(/\n{3,}/g, '\n\n').trim(), unknown: [...unknown] };
}

/** The user's template for `kind` when set (non-blank), else the default. */
export function promptTemplate(kind: ActionKind, overrides: Readonly<Partial<Record<ActionKind, string>>>): string {
  const own = overrides[kind];
  return own !== undefined && own.trim() !== '' ? own : DEFAULT_PROMPTS[kind];
}
