/**
 * Whether a model's template opens the reasoning for it: R1 distills (and some
 * community builds) end the prompt with `<assistant marker><think>\n`, so the model
 * only ever writes the closing `</think>`. Knowing that up front lets the splitter
 * start inside the reasoning instead of taking streamed answer text back later.
 */

/** Go template actions (`{{ end }}`, `{{- end -}}`) and whitespace that may follow the tag. */
const TRAILING_ACTIONS = /(?:\s|\{\{-?\s*end\s*-?\}\})*$/;

export function templatePrefillsThink(template: string): boolean {
  const tail = template.replace(TRAILING_ACTIONS, '');
  return /<think(?:ing)?>$/.test(tail);
}

/**
 * Whether a model's streamed text starts inside its reasoning: the template opens
 * `<think>` and Ollama does not split the reasoning off into its own field (it does
 * for a model with the `thinking` capability). Chat and the code actions ask alike.
 */
export function answerStartsInReasoning(info: { readonly template: string; readonly capabilities: ReadonlySet<string> }): boolean {
  return !info.capabilities.has('thinking') && templatePrefillsThink(info.template);
}
