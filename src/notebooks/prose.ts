/**
 * A lesson's prose as HTML that can carry no script. Three layers, each
 * enough on its own for what it guards:
 *
 * 1. markdown-it with raw HTML off: `<script>` or `<img onerror=…>` written in
 *    a lesson comes out as text, escaped.
 * 2. Links and images only to safe places: http, https, mailto, or a
 *    relative address or #fragment; anything else (`javascript:`, `data:`,
 *    `vbscript:`) stays text.
 * 3. DOMPurify over the HTML produced (KaTeX's included), with the same
 *    rule for URLs, so no later plugin or renderer bug can add a handler.
 *
 * Math: `$…$` inline and `$$…$$` on lines of their own, typeset by KaTeX
 * (trust off: no \href, \url or \htmlClass; a bad formula shows its error
 * in place of the formula instead of breaking the page).
 */
import DOMPurify from 'dompurify';
import { renderToString } from 'katex';
import MarkdownIt, { type MarkdownIt as Markdown, type StateBlock, type StateInline } from 'markdown-it';

const SAFE_SCHEMES = ['http', 'https', 'mailto'];

/**
 * Whether `url` may be a link's or an image's address: http, https, mailto,
 * or no scheme at all (relative, #fragment). Control characters and spaces are
 * dropped first, as browsers drop them before reading a scheme ("java\tscript:").
 */
export function isSafeUrl(url: string): boolean {
  // oxlint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned)?.[1];
  return scheme === undefined || SAFE_SCHEMES.includes(scheme.toLowerCase());
}

function math(tex: string, displayMode: boolean): string {
  return renderToString(tex, { displayMode, throwOnError: false, trust: false, strict: 'ignore', output: 'htmlAndMathml' });
}

/** `$…$`: not `$ x$` or `$x $`, and not a price (`$5 and $10`: a digit right after the closing `$`). */
function inlineMath(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src[start] !== '$') return false;
  const display = src[start + 1] === '$';
  const open = display ? 2 : 1;
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end < 0) return false;
    if (src[end - 1] !== '\\') break;
    end += 1;
  }
  const tex = src.slice(start + open, end);
  if (tex.trim() === '' || (!display && (/^\s/.test(tex) || /\s$/.test(tex) || /\d/.test(src[end + 1] ?? '')))) return false;
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = tex;
    token.info = display ? 'display' : '';
  }
  state.pos = end + open;
  return true;
}

/** `$$` on a line of its own (or `$$ … $$` on one line) up to the line that ends with `$$`. */
function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  const lineText = (n: number): string => state.src.slice(state.bMarks[n]! + state.tShift[n]!, state.eMarks[n]!);
  const first = lineText(startLine);
  if (!first.startsWith('$$') || state.sCount[startLine]! - state.blkIndent >= 4) return false;
  let body = first.slice(2);
  let last = startLine;
  if (body.trimEnd().endsWith('$$') && body.trim().length > 2) {
    body = body.trimEnd().slice(0, -2);
  } else {
    const lines = [body];
    let n = startLine + 1;
    for (; n < endLine; n++) {
      const t = lineText(n);
      if (t.trimEnd().endsWith('$$')) {
        lines.push(t.trimEnd().slice(0, -2));
        break;
      }
      lines.push(t);
    }
    if (n >= endLine) return false;
    body = lines.join('\n');
    last = n;
  }
  if (silent) return true;
  state.line = last + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = body.trim();
  token.map = [startLine, state.line];
  return true;
}

function makeRenderer(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.validateLink = isSafeUrl;
  md.inline.ruler.after('escape', 'math_inline', inlineMath);
  md.block.ruler.after('blockquote', 'math_block', blockMath, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
  md.renderer.rules.math_inline = (tokens, i) => math(tokens[i]!.content, tokens[i]!.info === 'display');
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-block">${math(tokens[i]!.content, true)}</div>\n`;
  // Links leave the lesson in a new tab, without handing it a reference to the page.
  const link = md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
  md.renderer.rules.link_open = (tokens, i, options, env, self) => {
    const href = String(tokens[i]!.attrGet('href') ?? '');
    if (/^(https?:|mailto:)/i.test(href)) {
      tokens[i]!.attrSet('target', '_blank');
      tokens[i]!.attrSet('rel', 'noopener noreferrer');
    }
    return link(tokens, i, options, env, self);
  };
  return md;
}

let renderer: Markdown | undefined;

/** Markdown to HTML with raw HTML off, safe links only, and math typeset. Pure: runs in Node too. */
export function markdownToHtml(markdown: string): string {
  renderer ??= makeRenderer();
  return renderer.render(markdown);
}

/** The URL rule for DOMPurify: what markdownToHtml lets through, and nothing else. */
const PURIFY_URI = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

/**
 * A lesson's prose as sanitised HTML, ready for innerHTML.
 * @throws Error where there is no DOM to sanitise with (Node): prose is only shown in a page
 */
export function renderProse(markdown: string): string {
  if (!DOMPurify.isSupported) throw new Error('Lesson prose is sanitised by DOMPurify, which needs a DOM: render it in a page.');
  return DOMPurify.sanitize(markdownToHtml(markdown), {
    USE_PROFILES: { html: true, mathMl: true },
    ALLOWED_URI_REGEXP: PURIFY_URI,
    ADD_ATTR: ['target'],
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'object', 'embed'],
  });
}
