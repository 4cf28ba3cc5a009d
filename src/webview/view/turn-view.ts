/**
 * One message in the conversation. An assistant turn streams: reasoning goes
 * into a collapsed Thinking block as plain text, the answer through the
 * incremental markdown renderer, both applied once per animation frame.
 */
import type { FromView, Phase, ViewTurn } from '../../protocol/chat';
import { IncrementalRenderer } from '../render/incremental';
import type { Markdown } from '../render/markdown';
import type { Sanitize } from '../render/sanitize';
import { h, icon, iconButton } from './dom';

export interface RenderContext {
  readonly md: Markdown;
  readonly sanitize: Sanitize;
  readonly post: (m: FromView) => void;
}

const PHASE_TEXT: Record<Phase, string> = {
  waiting: 'waiting for the model…',
  loading: 'loading model…',
  thinking: 'thinking…',
  answering: '',
};

export function statsText(turn: ViewTurn): string {
  const s = turn.stats;
  if (!s) return '';
  const parts: string[] = [];
  if (s.tokensPerSecond !== undefined) parts.push(`${s.tokensPerSecond.toFixed(1)} tokens/s`);
  if (s.ttftMs !== undefined) parts.push(`first token after ${s.ttftMs < 1000 ? `${Math.round(s.ttftMs)} ms` : `${(s.ttftMs / 1000).toFixed(1)} s`}`);
  if (s.evalCount !== undefined) parts.push(`${s.evalCount} tokens`);
  return parts.join(' · ');
}

export class TurnView {
  readonly el: HTMLElement;
  private readonly answerEl: HTMLElement;
  private readonly renderer: IncrementalRenderer | undefined;
  private thinking: { details: HTMLDetailsElement; summary: HTMLElement; text: Text } | undefined;
  private readonly phaseEl: HTMLElement;
  private readonly footer: HTMLElement;
  private readonly noticeEl: HTMLElement;
  private pendingReasoning = '';
  private pendingAnswer = '';
  private pendingRetract = 0;
  /** Arrival times of deltas not painted yet (for the benchmark probe). */
  readonly arrivals: number[] = [];

  constructor(
    private turn: ViewTurn,
    ctx: RenderContext,
  ) {
    this.phaseEl = h('span', { class: 'turn-phase', 'aria-hidden': 'true' });
    this.footer = h('div', { class: 'turn-footer' });
    this.noticeEl = h('div', { class: 'turn-notice', hidden: true });
    if (turn.role === 'user') {
      this.answerEl = h('div', { class: 'user-text' }, turn.content);
      const chips = (turn.context ?? []).map((c) => h('span', { class: 'chip', title: c.label }, icon(c.kind === 'selection' ? 'selection' : 'file'), c.label));
      this.el = h(
        'article',
        { class: 'turn user', 'data-turn-id': turn.id, 'aria-label': 'Your message' },
        chips.length ? h('div', { class: 'chips' }, ...chips) : null,
        this.answerEl,
      );
      return;
    }
    this.answerEl = h('div', { class: 'markdown' });
    this.renderer = new IncrementalRenderer(this.answerEl, ctx.md, ctx.sanitize);
    const header = h(
      'header',
      { class: 'turn-header' },
      icon('sparkle'),
      h('span', { class: 'turn-model' }, turn.model ?? 'Assistant'),
      this.phaseEl,
      h('span', { class: 'spacer' }),
      iconButton('copy', 'Copy message', { 'data-turn-action': 'copy' }),
      iconButton('refresh', 'Regenerate', { 'data-turn-action': 'regenerate', class: 'icon-button regenerate' }),
    );
    this.el = h('article', { class: 'turn assistant', 'data-turn-id': turn.id, 'aria-label': `Answer from ${turn.model ?? 'the model'}` }, header, this.noticeEl, this.answerEl, this.footer);
    if (turn.reasoning) this.addReasoning(turn.reasoning);
    this.renderer.reset(turn.content);
    this.finish(turn);
  }

  get id(): string {
    return this.turn.id;
  }

  get streaming(): boolean {
    return this.turn.status === 'streaming';
  }

  /** Queues a delta; `flush()` applies it on the next frame. */
  queue(reasoning: string, answer: string, retract: number, at: number): void {
    if (retract) {
      // Taken back from text not yet applied first, then from what is shown.
      const fromPending = Math.min(retract, this.pendingAnswer.length);
      this.pendingAnswer = this.pendingAnswer.slice(0, this.pendingAnswer.length - fromPending);
      this.pendingRetract += retract - fromPending;
    }
    this.pendingReasoning += reasoning;
    this.pendingAnswer += answer;
    this.arrivals.push(at);
  }

  flush(): void {
    if (this.pendingReasoning) {
      this.addReasoning(this.pendingReasoning);
      this.pendingReasoning = '';
    }
    if (this.renderer) {
      if (this.pendingRetract) {
        const text = this.renderer.text;
        this.renderer.reset(text.slice(0, Math.max(0, text.length - this.pendingRetract)) + this.pendingAnswer);
      } else {
        this.renderer.append(this.pendingAnswer);
        this.renderer.render();
      }
    }
    this.pendingRetract = 0;
    this.pendingAnswer = '';
  }

  setPhase(phase: Phase): void {
    this.phaseEl.textContent = PHASE_TEXT[phase];
    if (this.thinking) this.thinking.summary.textContent = phase === 'thinking' ? 'Thinking…' : 'Thinking';
  }

  finish(turn: ViewTurn): void {
    this.turn = turn;
    this.el.classList.toggle('streaming', turn.status === 'streaming');
    if (turn.notice) {
      this.noticeEl.hidden = false;
      this.noticeEl.replaceChildren(icon('info'), ` ${turn.notice}`);
    }
    if (turn.status === 'streaming') return;
    this.flush();
    if (this.renderer && this.renderer.text !== turn.content) this.renderer.reset(turn.content);
    this.phaseEl.textContent = '';
    if (this.thinking) this.thinking.summary.textContent = 'Thinking';
    const parts: Node[] = [];
    if (turn.status === 'stopped') parts.push(h('span', { class: 'stopped' }, icon('debug-stop'), ' Stopped'));
    if (turn.error) {
      const actions = turn.error.actions.map((a) => h('button', { type: 'button', class: 'link-button', 'data-error-action': a }, ACTION_LABEL[a]));
      parts.push(h('div', { class: 'turn-error', role: 'alert' }, icon('error'), h('span', {}, ` ${turn.error.message} `), ...actions));
    }
    const stats = statsText(turn);
    if (stats) parts.push(h('span', { class: 'stats' }, stats));
    this.footer.replaceChildren(...parts);
  }

  private addReasoning(text: string): void {
    if (!this.thinking) {
      const summary = h('summary', {}, 'Thinking');
      const body = h('div', { class: 'thinking-body' });
      const node = document.createTextNode('');
      body.append(node);
      const details = h('details', { class: 'thinking' }, summary, body);
      this.el.insertBefore(details, this.answerEl);
      this.thinking = { details, summary, text: node };
    }
    this.thinking.text.appendData(text);
  }
}

const ACTION_LABEL = {
  start: 'Start Ollama',
  pull: 'Pull model',
  retry: 'Retry',
  logs: 'Open logs',
  'choose-model': 'Choose model',
  settings: 'Open settings',
} as const;
