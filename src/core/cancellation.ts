/**
 * VS Code's and LSP's CancellationToken as an AbortSignal, for the calls to
 * Ollama (which take signals). Structural, so src/core needs neither library.
 */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => void): { dispose(): void };
}

export interface SignalOfToken {
  readonly signal: AbortSignal;
  /** Stops listening to the token; call when the work is over. */
  dispose(): void;
}

/** A signal that is aborted when the token is cancelled, including a token cancelled already. */
export function abortSignalOf(token: CancellationLike): SignalOfToken {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
    return { signal: controller.signal, dispose: () => undefined };
  }
  const subscription = token.onCancellationRequested(() => controller.abort());
  return { signal: controller.signal, dispose: () => subscription.dispose() };
}
