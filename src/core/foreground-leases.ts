import { Emitter, type Disposable, type Event } from './events';

/**
 * Foreground streams (a chat answer, a code action's rewrite) each hold a lease while
 * they generate; completions yield while any is held. A count set by callers would let
 * one stream's end resume completions while another still runs; a lease can only give
 * back what it took, once.
 */
export class ForegroundLeases implements Disposable {
  private held = 0;
  private readonly changed = new Emitter<number>();
  /** Fires with the number of leases held after each change. */
  readonly onDidChange: Event<number> = this.changed.event;

  get count(): number {
    return this.held;
  }

  begin(): Disposable {
    this.held++;
    this.changed.fire(this.held);
    let released = false;
    return {
      dispose: () => {
        if (released) return;
        released = true;
        this.held--;
        this.changed.fire(this.held);
      },
    };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
