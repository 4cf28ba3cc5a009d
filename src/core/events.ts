/**
 * A minimal event emitter for src/core, shaped like vscode.EventEmitter so the
 * feature layer can forward it without adapters, but with no `vscode` import.
 */
export interface Disposable {
  dispose(): void;
}

export type Event<T> = (listener: (e: T) => void) => Disposable;

/** By default a listener's error is rethrown on its own, where the host reports uncaught errors. */
const rethrowApart = (error: unknown): void =>
  queueMicrotask(() => {
    throw error;
  });

export class Emitter<T> implements Disposable {
  private listeners = new Set<(e: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void = rethrowApart) {}

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  /**
   * A listener that throws must neither starve the listeners after it nor throw
   * into the code that fired (a daemon state change half-applied).
   */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
