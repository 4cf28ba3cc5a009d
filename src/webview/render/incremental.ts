/**
 * Renders a streaming answer so the cost of a token does not grow with the
 * answer: finished blocks (blocks.ts) are rendered and sanitised once and never
 * touched again; only the open tail is re-rendered, at most once per frame
 * (the caller batches: append() many times, render() once).
 */
import { BlockSplitter } from './blocks';
import type { Markdown } from './markdown';
import type { Sanitize } from './sanitize';

export class IncrementalRenderer {
  private splitter = new BlockSplitter();
  private tailEl: HTMLElement;
  private dirty = false;

  constructor(
    private readonly container: HTMLElement,
    private readonly md: Markdown,
    private readonly sanitize: Sanitize,
  ) {
    this.tailEl = this.block();
    this.container.replaceChildren(this.tailEl);
  }

  get text(): string {
    return this.splitter.all;
  }

  append(text: string): void {
    if (text === '') return;
    for (const finished of this.splitter.push(text)) {
      const el = this.block();
      el.append(this.sanitize(this.md.render(finished)));
      this.container.insertBefore(el, this.tailEl);
    }
    this.dirty = true;
  }

  /** Re-renders the open tail if anything arrived since the last call. */
  render(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const tail = this.splitter.tail;
    this.tailEl.replaceChildren(tail ? this.sanitize(this.md.render(tail)) : '');
  }

  /** Starts over with `text` (an answer taken back, or a turn loaded whole). */
  reset(text: string): void {
    this.splitter = new BlockSplitter();
    this.tailEl = this.block();
    this.container.replaceChildren(this.tailEl);
    this.append(text);
    this.render();
  }

  private block(): HTMLElement {
    const el = this.container.ownerDocument.createElement('div');
    el.className = 'md-block';
    return el;
  }
}
