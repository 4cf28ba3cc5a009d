/** The list of saved conversations: switch, rename, delete, export as Markdown. */
import type { FromView, HistoryEntry } from '../../protocol/chat';
import { h, iconButton } from './dom';

export class HistoryPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly post: (m: FromView) => void) {
    this.list = h('ul', { class: 'history-list', role: 'list' });
    this.el = h('section', { class: 'history', hidden: true, 'aria-label': 'Conversations' }, h('h2', {}, 'Conversations'), this.list);
    this.list.addEventListener('click', (e) => {
      const target = e.target as Element;
      const row = target.closest<HTMLElement>('[data-conversation]');
      const id = row?.dataset['conversation'];
      if (!id) return;
      const action = target.closest<HTMLElement>('[data-history-action]')?.dataset['historyAction'];
      if (action === 'rename') this.post({ type: 'renameConversation', id });
      else if (action === 'delete') this.post({ type: 'deleteConversation', id });
      else if (action === 'export') this.post({ type: 'exportConversation', id });
      else {
        this.post({ type: 'switchConversation', id });
        this.toggle(false);
      }
    });
  }

  get open(): boolean {
    return !this.el.hidden;
  }

  toggle(open = this.el.hidden): void {
    this.el.hidden = !open;
  }

  render(entries: readonly HistoryEntry[], currentId: string): void {
    if (entries.length === 0) {
      this.list.replaceChildren(h('li', { class: 'history-empty' }, 'No saved conversations yet.'));
      return;
    }
    this.list.replaceChildren(
      ...entries.map((e) =>
        h(
          'li',
          { class: `history-row${e.id === currentId ? ' current' : ''}`, 'data-conversation': e.id },
          h(
            'button',
            { type: 'button', class: 'history-open', 'aria-current': e.id === currentId ? 'true' : undefined },
            h('span', { class: 'history-title' }, e.title),
            h('span', { class: 'history-date' }, `${new Date(e.updatedAt).toLocaleString()} · ${e.messages} messages`),
          ),
          iconButton('edit', 'Rename', { 'data-history-action': 'rename' }),
          iconButton('export', 'Export as Markdown', { 'data-history-action': 'export' }),
          iconButton('trash', 'Delete', { 'data-history-action': 'delete' }),
        ),
      ),
    );
  }
}
