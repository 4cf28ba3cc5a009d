/**
 * Markdown for model output: markdown-it with raw HTML off (a `<script>` in the
 * answer is text), highlight.js for code, and our own rules for what must never
 * load or run: images are shown as their alt text and URL (nothing is fetched),
 * links carry their target in data-href and open only through the extension.
 * DOMPurify (sanitize.ts) is the second wall behind this.
 */
import MarkdownIt from 'markdown-it';
import { highlightCode } from './highlight';
import { escapeHtml } from '../../core/html-escape';

export type Markdown = ReturnType<typeof MarkdownIt>;


/** Fence info like `python title="x"`: the first word, letters only. */
export function fenceLanguage(info: string): string {
  const word = info.trim().split(/\s+/)[0] ?? '';
  return /^[\w#+.-]{1,32}$/.test(word) ? word.toLowerCase() : '';
}

const CODE_BUTTONS: readonly (readonly [string, string, string])[] = [
  ['copy', 'copy', 'Copy'],
  ['insert', 'insert', 'Insert at cursor'],
  ['apply', 'diff', 'Apply to active file'],
  ['save', 'new-file', 'Save as new file'],
];

export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });
  // linkify must not reach out: only web addresses become links, never bare `file:` or emails.
  md.linkify.set({ fuzzyEmail: false });

  md.renderer.rules.fence = (tokens, idx) => {
    const token = tokens[idx];
    if (!token) return '';
    const lang = fenceLanguage(token.info);
    const body = highlightCode(token.content, lang);
    const buttons = CODE_BUTTONS.map(
      ([action, icon, label]) =>
        `<button type="button" class="icon-button" data-code-action="${action}" title="${label}" aria-label="${label}"><span class="codicon codicon-${icon}" aria-hidden="true"></span></button>`,
    ).join('');
    const langLabel = lang ? `<span class="code-lang">${escapeHtml(lang)}</span>` : '';
    return `<div class="code-block" data-lang="${escapeHtml(lang)}"><div class="code-toolbar">${langLabel}<span class="spacer"></span>${buttons}</div><pre><code class="hljs${lang ? ` language-${escapeHtml(lang)}` : ''}">${body}</code></pre></div>\n`;
  };
  md.renderer.rules.code_block = (tokens, idx) => `<pre><code>${escapeHtml(tokens[idx]?.content ?? '')}</code></pre>\n`;

  md.renderer.rules.image = (tokens, idx) => {
    const token = tokens[idx];
    if (!token) return '';
    const src = token.attrGet('src') ?? '';
    const alt = token.children ? token.children.map((c) => c.content).join('') : token.content;
    return `<span class="image-placeholder" title="Images are not loaded"><span class="codicon codicon-file-media" aria-hidden="true"></span> ${escapeHtml(alt || 'image')} <span class="image-url">${escapeHtml(String(src))}</span></span>`;
  };

  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (token) {
      const href = token.attrGet('href') ?? '';
      token.attrSet('data-href', href);
      token.attrSet('title', href);
      token.attrSet('rel', 'noreferrer noopener');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  return md;
}
