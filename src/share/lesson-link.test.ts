import LZString from 'lz-string';
import { describe, expect, it } from 'vitest';
import { isLessonFragment, lessonAddress, lessonLink, readLessonFragment } from './lesson-link';
import { MAX_LINK_CHARS } from './link';

const PAGE = 'http://127.0.0.1:4173/?kernel=x#share=1.abc';
const edits = { naive: 'fn main() { /* ünïcode ✓ */ }\n', fix: '<script>alert(1)</script>' };

describe('lesson links', () => {
  it('opens the lesson by id in the query, with the edits in the fragment, text untouched', () => {
    expect(lessonAddress('04-matmul', PAGE)).toBe('http://127.0.0.1:4173/?lesson=04-matmul');
    const link = lessonLink('04-matmul', edits, PAGE);
    const url = new URL(link);
    expect(url.search).toBe('?lesson=04-matmul');
    expect(url.hash.startsWith('#lesson=1.')).toBe(true);
    expect(isLessonFragment(url.hash)).toBe(true);
    expect(isLessonFragment('#share=1.x')).toBe(false);
    expect(readLessonFragment(url.hash)).toEqual({ format: 1, lesson: '04-matmul', edits });
  });

  it('refuses edits over the size cap, saying how long the link would be', () => {
    // Random text does not compress: a link over the cap.
    let s = 0x1234;
    const noise = Array.from({ length: 40_000 }, () => String.fromCharCode(33 + (((s = (s * 1103515245 + 12345) >>> 0) >>> 16) % 90))).join('');
    expect(() => lessonLink('01-data-dna', { big: noise }, PAGE)).toThrow(new RegExp(`link of [\\d,]+ characters, over the ${MAX_LINK_CHARS.toLocaleString('en')} a link may have`));
  });

  it('names what is wrong with a link from a newer page, a cut one, or one made by hand', () => {
    const payload = (o: unknown): string => `#lesson=1.${LZString.compressToEncodedURIComponent(JSON.stringify(o))}`;
    expect(() => readLessonFragment('#lesson=2.abc')).toThrow(/made by a newer Kernel Lab \(format 2; this page reads up to 1\)/);
    const whole = new URL(lessonLink('02-pump', edits, PAGE)).hash;
    expect(() => readLessonFragment(whole.slice(0, 30))).toThrow(/damaged/);
    expect(() => readLessonFragment('#lesson=x.abc')).toThrow(/no format version/);
    expect(() => readLessonFragment(payload({ lesson: '../x', edits: {} }))).toThrow(/"lesson" is not a lesson id/);
    expect(() => readLessonFragment(payload({ lesson: 'a', edits: { 'Bad Id': 'x' } }))).toThrow(/"Bad Id" is not a cell id/);
    expect(() => readLessonFragment(payload({ lesson: 'a', edits: { ok: 3 } }))).toThrow(/cell ok is not text/);
    expect(() => readLessonFragment(payload({ lesson: 'a', edits: [] }))).toThrow(/"edits" is not an object/);
  });
});
