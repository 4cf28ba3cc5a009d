/**
 * The words every surface uses for the two kinds of model, so the status bar, the
 * notifications, the picker and "Why no completion?" never explain it differently.
 * No vscode import: tested under node.
 */

/** "dolphin3:8b is a chat model; inline completions need a code model trained to fill in the middle." */
export function chatModelExplanation(model: string): string {
  return `${model} is a chat model; inline completions need a code model trained to fill in the middle.`;
}

