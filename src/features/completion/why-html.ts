/**
 * "Why no completion?" rendered as a page: the cause once, the fix as a button
 * (a command link the view allows), then the switches and the last requests.
 * No script at all; model output is escaped and shown in <pre>, so it can never
 * become markup.
 */
import { escapeHtml } from '../../core/html-escape';
import type { WhyFix, WhyReport, WhyRow } from './why-report';

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${Math.round(value)} ms`;
}

function time(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function commandHref(fix: WhyFix): string {
  return `command:${fix.command}${fix.args ? `?${encodeURIComponent(JSON.stringify(fix.args))}` : ''}`;
}

function pre(label: string, text: string): string {
  return `<p>${label}</p><pre>${escapeHtml(text)}</pre>`;
}

function requestDetails(row: WhyRow): string {
  const parts = [`<p>Document: ${escapeHtml(row.uri)}</p>`];
  if (row.promptPreview) parts.push(pre('Prompt (end):', row.promptPreview));
  if (row.raw) parts.push(pre('Model output (raw):', row.raw));
  if (row.final || row.outcome === 'shown' || row.outcome.startsWith('cached')) parts.push(pre('Shown as ghost text:', row.final));
  return `<details><summary>#${row.id} ${time(row.time)} ${escapeHtml(row.outcome)}</summary>${parts.join('')}</details>`;
}

/** `nonce` allows the one inline <style>; `cspSource` is the webview's own origin. */
export function whyHtml(report: WhyReport, nonce: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'; img-src ${cspSource};`;
  const fix = report.fix ? `<p><a class="button" href="${escapeHtml(commandHref(report.fix))}">${escapeHtml(report.fix.label)}</a></p>` : '';
  const rows = report.rows.map(
    (r) =>
      `<tr><td>${r.id}</td><td>${time(r.time)}</td><td>${escapeHtml(r.model || '–')}</td><td>${escapeHtml(r.outcome)}</td><td>${ms(r.debounceMs)}</td><td>${ms(r.ttftMs)}</td><td>${ms(r.totalMs)}</td><td>${r.tokens ?? '–'}</td></tr>`,
  );
  const requests = report.rows.length
    ? `<h2>Last ${report.rows.length} request${report.rows.length === 1 ? '' : 's'} (newest first)</h2>
<table><thead><tr><th>#</th><th>time</th><th>model</th><th>outcome</th><th>debounce</th><th>first token</th><th>total</th><th>tokens</th></tr></thead><tbody>${rows.join('')}</tbody></table>
${report.details.length ? `<h3>Reasons given</h3><ul>${report.details.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : ''}
${report.rows.map(requestDetails).join('\n')}`
    : '<p>The completion server has not handled a request yet.</p>';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>Why no completion?</title>
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 20px 20px; max-width: 60rem; }
.cause { font-size: 1.15em; margin: 1em 0 0.5em; }
a.button { display: inline-block; padding: 4px 12px; background: var(--vscode-button-background); color: var(--vscode-button-foreground); text-decoration: none; border-radius: 2px; }
a.button:hover { background: var(--vscode-button-hoverBackground); }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 2px 10px 2px 0; border-bottom: 1px solid var(--vscode-editorWidget-border, transparent); }
pre { background: var(--vscode-textCodeBlock-background); padding: 6px; white-space: pre-wrap; word-break: break-all; }
ul.facts { color: var(--vscode-descriptionForeground); }
</style></head>
<body>
<h1>Why no completion?</h1>
<p class="cause">${escapeHtml(report.cause)}</p>
${fix}
<ul class="facts">${report.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>
${requests}
</body></html>`;
}
