/**
 * The input: Enter sends, Shift+Enter is a newline, Up in an empty box edits the
 * last message, Escape stops a streaming answer. `@` at the start of a word
 * opens the file picker for context.
 */
import type { BudgetInfo, ContextChip, FromView } from '../../protocol/chat';
import { h, icon, iconButton } from './dom';

export interface ComposerHost {
  post(m: FromView): void;
  lastUserText(): string | undefined;
  streaming(): boolean;
  saveDraft(text: string): void;
}

export class Composer {
  readonly el: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly chipsEl: HTMLElement;
  private readonly budgetEl: HTMLElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly editBanner: HTMLElement;
  private editing = false;

  constructor(private readonly host: ComposerHost, draft: string) {
    this.input = h('textarea', {
      class: 'input',
      rows: '3',
      placeholder: 'Ask anything (Enter to send, Shift+Enter for a new line, ↑ to edit your last message, @ to add a file)',
      'aria-label': 'Message',
    });
    this.input.value = draft;
    this.chipsEl = h('div', { class: 'chips composer-chips', 'aria-label': 'Context' });
    this.budgetEl = h('span', { class: 'budget', 'aria-live': 'off' });
    this.sendButton = h('button', { type: 'button', class: 'send-button', title: 'Send (Enter)', 'aria-label': 'Send' }, icon('send'));
    this.editBanner = h('div', { class: 'edit-banner', hidden: true }, icon('edit'), ' Editing your last message (Escape cancels)');
    const tools = h(
      'div',
      { class: 'composer-tools' },
      iconButton('selection', 'Add the selection as context', { 'data-context': 'selection' }),
      iconButton('file', 'Add the current file as context', { 'data-context': 'file' }),
      iconButton('mention', 'Add a file… (@)', { 'data-context': 'pick' }),
      this.budgetEl,
      h('span', { class: 'spacer' }),
      this.sendButton,
    );
    this.el = h('div', { class: 'composer' }, this.editBanner, this.chipsEl, this.input, tools);

    tools.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLElement>('[data-context]');
      const kind = b?.dataset['context'];
      if (kind === 'selection' || kind === 'file' || kind === 'pick') this.host.post({ type: 'addContext', kind });
    });
    this.chipsEl.addEventListener('click', (e) => {
      const id = (e.target as Element).closest<HTMLElement>('[data-chip]')?.dataset['chip'];
      if (id) this.host.post({ type: 'removeChip', id });
    });
    this.sendButton.addEventListener('click', () => (this.host.streaming() ? this.host.post({ type: 'stop' }) : this.submit()));
    this.input.addEventListener('input', (e) => {
      this.host.saveDraft(this.input.value);
      const ie = e as InputEvent;
      if (ie.data === '@') {
        const before = this.input.value.slice(0, this.input.selectionStart - 1);
        if (before === '' || /\s$/.test(before)) this.host.post({ type: 'addContext', kind: 'pick' });
      }
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
  }

  focus(text?: string): void {
    if (text !== undefined) this.input.value = text;
    this.input.focus();
  }

  setStreaming(on: boolean): void {
    this.sendButton.replaceChildren(icon(on ? 'debug-stop' : 'send'));
    this.sendButton.title = on ? 'Stop (Escape)' : 'Send (Enter)';
    this.sendButton.setAttribute('aria-label', on ? 'Stop' : 'Send');
    this.sendButton.classList.toggle('stop', on);
  }

  setChips(chips: readonly ContextChip[]): void {
    this.chipsEl.replaceChildren(
      ...chips.map((c) =>
        h(
          'span',
          { class: 'chip', title: `${c.label} (~${c.tokens} tokens)` },
          icon(c.kind === 'selection' ? 'selection' : 'file'),
          c.label,
          h('button', { type: 'button', class: 'chip-remove', 'data-chip': c.id, 'aria-label': `Remove ${c.label}`, title: 'Remove' }, icon('close')),
        ),
      ),
    );
  }

  setBudget(budget: BudgetInfo | undefined): void {
    if (!budget) {
      this.budgetEl.textContent = '';
      return;
    }
    const k = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n));
    this.budgetEl.textContent = `~${k(budget.usedTokens)} / ${k(budget.contextLength)} tokens`;
    this.budgetEl.classList.toggle('over', budget.usedTokens > budget.contextLength);
  }

  private submit(): void {
    const text = this.input.value;
    if (text.trim() === '') return;
    this.host.post(this.editing ? { type: 'editLast', text } : { type: 'send', text });
    this.input.value = '';
    this.host.saveDraft('');
    this.setEditing(false);
  }

  private setEditing(on: boolean): void {
    this.editing = on;
    this.editBanner.hidden = !on;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      if (!this.host.streaming()) this.submit();
      return;
    }
    if (e.key === 'Escape') {
      if (this.host.streaming()) {
        e.preventDefault();
        this.host.post({ type: 'stop' });
      } else if (this.editing) {
        e.preventDefault();
        this.input.value = '';
        this.setEditing(false);
      }
      return;
    }
    if (e.key === 'ArrowUp' && this.input.value === '' && !this.host.streaming()) {
      const last = this.host.lastUserText();
      if (last === undefined) return;
      e.preventDefault();
      this.input.value = last;
      this.setEditing(true);
    }
  }
}
