/**
 * "Why no completion?" as a markdown document: the editor-side switches first
 * (the usual answer), then the server's last requests, newest first. Model
 * output is shown verbatim inside fences long enough that it cannot break out.
 */
import type { RequestLogEntry } from '../../core/completion/api';
import { fence } from '../../core/markdown-fence';

export interface WhyContext {
  /** One line each, e.g. "Enabled: yes". */
  readonly facts: readonly string[];
  /** What the editor decided for the last request it saw (may be ''). */
  readonly lastClientDecision: string;
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} ms`;
}

function outcomeLine(entry: RequestLogEntry): string {
  return entry.reason ? `${entry.outcome} (${entry.reason})` : entry.outcome;
}

function time(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function renderRequestLog(entries: readonly RequestLogEntry[], why: WhyContext, limit = 50): string {
  const out: string[] = ['# Why no completion?', '', ...why.facts.map((f) => `- ${f}`)];
  if (why.lastClientDecision) out.push(`- Last request in the editor: ${why.lastClientDecision}`);
  out.push('');
  // The server sends them newest first.
  const recent = entries.slice(0, limit);
  if (!recent.length) {
    out.push('The completion server has not handled a request yet.');
    return out.join('\n') + '\n';
  }
  out.push(`## Last ${recent.length} request${recent.length === 1 ? '' : 's'} (newest first)`, '');
  out.push('| # | time | model | outcome | debounce | first token | total | tokens |', '|---|---|---|---|---|---|---|---|');
  for (const e of recent) {
    out.push(`| ${e.id} | ${time(e.time)} | ${e.model || '–'} | ${outcomeLine(e).replace(/\|/g, '\\|')} | ${ms(e.debounceMs)} | ${ms(e.ttftMs)} | ${ms(e.totalMs)} | ${e.tokens ?? '–'} |`);
  }
  out.push('');
  for (const e of recent) {
    out.push(`### #${e.id} ${time(e.time)}: ${outcomeLine(e)}`, '', `Document: ${e.uri}`, '');
    if (e.promptPreview) out.push('Prompt (preview):', '', fence(e.promptPreview), '');
    if (e.raw) out.push('Model output (raw):', '', fence(e.raw), '');
    if (e.final || e.outcome === 'shown' || e.outcome === 'cached') out.push('Shown as ghost text:', '', fence(e.final), '');
  }
  return out.join('\n');
}
