/** A conversation as a Markdown document for export (reasoning in a collapsed details block). */
import { fence } from '../markdown-fence';
import type { Conversation } from './conversation';

export function conversationToMarkdown(c: Conversation): string {
  const out = [`# ${c.title}`, '', `_${new Date(c.createdAt).toISOString()}_`, ''];
  for (const turn of c.turns) {
    if (turn.role === 'user') {
      out.push('## You', '');
      for (const item of turn.context ?? []) {
        out.push(`${item.label}:`, '', fence(item.text, item.languageId ?? ''), '');
      }
      out.push(turn.content, '');
    } else {
      out.push(`## ${turn.model ?? 'Assistant'}`, '');
      if (turn.reasoning) out.push('<details><summary>Thinking</summary>', '', turn.reasoning, '', '</details>', '');
      out.push(turn.content, '');
      if (turn.status === 'stopped') out.push('_(stopped)_', '');
      if (turn.error) out.push(`_Error: ${turn.error.message}_`, '');
    }
  }
  return out.join('\n');
}
