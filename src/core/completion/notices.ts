/**
 * One-shot notices: each condition (daemon down at a host, a model missing, a
 * model that cannot fill in the middle, no model chosen) is told to the user once,
 * and again only after it cleared. Never one notification per keystroke.
 */
import type { EngineNotice } from './api';

export function noticeKey(notice: EngineNotice): string {
  switch (notice.kind) {
    case 'daemon-down':
      return `daemon-down\u0000${notice.host}`;
    case 'model-missing':
      return `model-missing\u0000${notice.model}`;
    case 'model-not-fim':
      return `model-not-fim\u0000${notice.model}`;
    case 'no-model':
      return 'no-model';
    default: {
      const unreachable: never = notice;
      return unreachable;
    }
  }
}

export class NoticeGate {
  private readonly told = new Set<string>();

  /** True the first time a condition is seen (the caller then emits it). */
  claim(notice: EngineNotice): boolean {
    const key = noticeKey(notice);
    if (this.told.has(key)) return false;
    this.told.add(key);
    return true;
  }

  /** The condition of this kind cleared: the next occurrence is news again. */
  clear(kind: EngineNotice['kind']): void {
    for (const key of [...this.told]) if (key.startsWith(`${kind}\u0000`) || key === kind) this.told.delete(key);
  }

  clearAll(): void {
    this.told.clear();
  }
}
