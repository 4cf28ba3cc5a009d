/**
 * Keeps the newest text in view while it streams, until the user scrolls up to
 * read; scrolling back to the bottom turns it on again.
 */
const NEAR_BOTTOM_PX = 32;

export class AutoScroll {
  private stick = true;
  private programmatic = false;

  constructor(private readonly el: HTMLElement) {
    el.addEventListener('scroll', () => {
      if (this.programmatic) {
        this.programmatic = false;
        return;
      }
      this.stick = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM_PX;
    });
    // A wheel or key up is the user's intent even before the position changes.
    el.addEventListener('wheel', (e) => {
      if (e.deltaY < 0) this.stick = false;
    }, { passive: true });
  }

  get following(): boolean {
    return this.stick;
  }

  /** After new content: follow it if the user has not scrolled away. */
  update(): void {
    if (!this.stick) return;
    const target = this.el.scrollHeight - this.el.clientHeight;
    if (Math.abs(this.el.scrollTop - target) < 1) return;
    this.programmatic = true;
    this.el.scrollTop = target;
  }

  /** The user sent a message: follow again. */
  reset(): void {
    this.stick = true;
    this.update();
  }
}
