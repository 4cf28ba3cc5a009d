/**
 * Text for a thrown value. Anything can be thrown (a string, a plain object from a
 * library), and only an Error has a message and a stack.
 */

/** The Error's message, or the value as text: for notices and one-line logs. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The stack where there is one (it starts with the message): for logs of failures nobody expected. */
export function errorStack(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
