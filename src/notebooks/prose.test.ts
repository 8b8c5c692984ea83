import { describe, expect, it } from 'vitest';
import { isSafeUrl, markdownToHtml, renderProse } from './prose';

/** Every tag the HTML opens, by name. */
const tags = (html: string): string[] => [...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map((m) => m[1]!.toLowerCase());
/** Every attribute name inside a tag. */
const attributes = (html: string): string[] => [...html.matchAll(/<[a-zA-Z][^>]*>/g)].flatMap((t) => [...t[0].matchAll(/\s([a-zA-Z-:]+)=/g)].map((m) => m[1]!.toLowerCase()));

describe('lesson prose', () => {
  it('turns raw HTML into text: no script element, no image with a handler', () => {
    const html = markdownToHtml('Hello <script>alert(1)</script> and <img src=x onerror="alert(2)">\n\n<div onclick="x()">block</div>');
    expect(tags(html)).not.toContain('script');
    expect(tags(html)).not.toContain('img');
    expect(tags(html)).not.toContain('div');
    expect(attributes(html).filter((a) => a.startsWith('on'))).toEqual([]);
    // The text is still there, for the reader to see.
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('onerror=');
  });

  it('keeps links to http, https, mailto, relative and # addresses, and no other scheme', () => {
    const html = markdownToHtml('[a](https://gpuopen.com) [b](mailto:x@y.org) [c](#top) [d](../README.md) [e](javascript:alert(1)) [f](JaVaScRiPt:alert(1)) [g](data:text/html,<b>) [h](vbscript:x) ![i](javascript:alert(3))');
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['https://gpuopen.com', 'mailto:x@y.org', '#top', '../README.md']);
    expect(html.toLowerCase()).not.toMatch(/(href|src)="(javascript|data|vbscript):/);
    expect(tags(html)).not.toContain('img');
    // Outside links open apart from the lesson.
    expect(html).toContain('<a href="https://gpuopen.com" target="_blank" rel="noopener noreferrer">');
  });

  it('sees through the spellings browsers forgive', () => {
    for (const url of ['javascript:x', ' javascript:x', 'java\tscript:x', 'JAVASCRIPT:x', '\u0001javascript:x', 'data:text/html,x', 'file:///etc/passwd']) expect([url, isSafeUrl(url)]).toEqual([url, false]);
    for (const url of ['https://a.b/c', 'http://x', 'mailto:a@b.c', '#x', 'notes.md', './a/b.png', '/data/x.csv', 'a?b=c:d']) expect([url, isSafeUrl(url)]).toEqual([url, true]);
  });

  it('typesets $…$ and $$…$$ with KaTeX, and leaves prices alone', () => {
    const html = markdownToHtml('The roof: $P = \\min(\\pi, \\beta I)$ costs $5 and $10.\n\n$$\nI = \\frac{F}{B}\n$$\n');
    expect(html).toContain('class="katex"');
    expect(html).toContain('<div class="math-block"><span class="katex-display">');
    expect(html).toContain('costs $5 and $10.');
    expect(html).toContain('<annotation encoding="application/x-tex">I = \\frac{F}{B}</annotation>');
  });

  it('shows a bad formula as its error, not a broken page, and no \\href', () => {
    const html = markdownToHtml('$\\frac{1}{$ and $\\href{javascript:alert(1)}{x}$');
    expect(html).not.toMatch(/href="javascript/i);
    expect(html).toContain('katex-error');
  });

  it('refuses to render without a DOM to sanitise with', () => {
    expect(() => renderProse('hi')).toThrow(/needs a DOM/);
  });
});
