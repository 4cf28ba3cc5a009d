/**
 * The completions on screen that were served by their first words (streaming): each keeps
 * its generation alive until the generation ends, or until the editor's cursor leaves it.
 * A cursor that moved by typing or accepting what the generation shows has not left it:
 * VS Code asks again only at the next keystroke after an accept, and the rest of the line
 * must be there then.
 */
import type { Disposable } from '../events';
import type { TextSnapshot } from './api';
import type { Generation } from './generation';
import { streamStillFits, typedSince, type Anchor } from './type-ahead';

/** Where a completion was asked for: a document version and an offset in it. */
export interface Place {
  readonly uri: string;
  readonly version: number;
  readonly offset: number;
}

export interface StreamWatcher {
  readonly place: Place;
  readonly anchor: Anchor;
  readonly generation: Generation;
  /** Lets the generation go back to the scheduler's usual lifetime. */
  release(): void;
}

export class StreamWatchers {
  private readonly watching = new Set<StreamWatcher>();

  /** Until the returned disposable is disposed (the generation ended). */
  watch(watcher: StreamWatcher): Disposable {
    this.watching.add(watcher);
    return { dispose: () => this.watching.delete(watcher) };
  }

  /**
   * The cursor is at `place` now (in the text `document` reads, when the server has that
   * version): releases the watchers it left. The text is read only when one is on screen.
   */
  cursorMoved(place: Place, document?: () => TextSnapshot): void {
    for (const watcher of [...this.watching]) {
      const at = watcher.place;
      if (at.uri === place.uri && at.version === place.version && at.offset === place.offset) continue;
      const typed = document && typedSince(watcher.anchor, place.uri, watcher.anchor.model, document(), place.offset);
      if (typed !== undefined && typed !== '' && streamStillFits(typed, watcher.generation.text)) continue;
      watcher.release();
    }
  }
}
