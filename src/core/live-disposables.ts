/**
 * Disposables an owner ends at its own end, each dropped from the set once it ended on
 * its own first (an editor tab the user closed). Without the drop, a long-running window
 * that opens and closes many tabs keeps every closed one referenced until it shuts down.
 */
import type { Disposable, Event } from './events';

export class LiveDisposables implements Disposable {
  private readonly items = new Map<Disposable, Disposable>();

  /** Owns `item` until it ends (`onDidEnd` fires) or this set is disposed, whichever comes first. */
  add(item: Disposable, onDidEnd: Event<void>): void {
    const ended = onDidEnd(() => {
      this.items.get(item)?.dispose();
      this.items.delete(item);
    });
    this.items.set(item, ended);
  }

  /** How many are still open. */
  get size(): number {
    return this.items.size;
  }

  dispose(): void {
    const items = [...this.items];
    this.items.clear();
    for (const [item, ended] of items) {
      ended.dispose();
      item.dispose();
    }
  }
}
