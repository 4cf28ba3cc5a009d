/**
 * DOMPurify as the second wall behind markdown-it (which already escapes raw
 * HTML): an allow-list of exactly the markup our renderer produces, no inline
 * styles, no URLs but http(s) and in-page anchors. If a renderer rule ever lets a
 * model's `<img onerror>` through, it still dies here.
 */
import createDOMPurify, { type DOMPurify as Purifier } from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'del',
  'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'div', 'button',
];
const ALLOWED_ATTR = ['class', 'title', 'href', 'data-href', 'data-code-action', 'data-lang', 'rel', 'start', 'type', 'aria-label', 'aria-hidden'];
const SAFE_URL = /^(?:https?:\/\/|#)/i;

export type Sanitize = (html: string) => DocumentFragment;

export function createSanitizer(window: Window): Sanitize {
  const purify: Purifier = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const el = node as Element;
    const href = el.getAttribute('data-href') ?? el.getAttribute('href') ?? '';
    if (!SAFE_URL.test(href.trim())) {
      el.removeAttribute('href');
      el.removeAttribute('data-href');
    }
    el.removeAttribute('target');
  });
  const config = {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: SAFE_URL,
    // DOMPurify checks every attribute not on its URI-safe list against ALLOWED_URI_REGEXP;
    // these carry words, not URLs (href and data-href stay checked).
    ADD_URI_SAFE_ATTR: ['data-code-action', 'data-lang', 'aria-label', 'aria-hidden', 'type', 'start', 'rel'],
    RETURN_DOM_FRAGMENT: true as const,
  };
  return (html) => purify.sanitize(html, config);
}
