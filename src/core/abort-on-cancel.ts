/**
 * An AbortSignal that fires when a cancellation token (LSP's or VS Code's, which
 * have the same shape) is cancelled, so a cancelled request stops the Ollama
 * call behind it. Dispose it when the call is over.
 */
export interface CancellationTokenLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): void };
}

export function abortOnCancel(token: CancellationTokenLike): { readonly signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose() {} };
  }
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
