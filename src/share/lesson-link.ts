/**
 * A lesson with the student's edits as a link: the lesson by id in the query
 * (`?lesson=04-matmul`, the same address that opens it unedited) and the
 * edited kernels, compressed with lz-string, in the fragment
 * (`#lesson=1.<payload>`), which never leaves the browser. Like a shared
 * kernel (link.ts), a link is data: cell ids and WGSL text, checked for shape
 * and size when opened; the WGSL goes into the lesson's editors and runs only
 * when the student runs it, as any edit does.
 *
 * Format versions: `#lesson=<version>.<payload>`; version 1 is the only one
 * so far, and a later format adds a reader beside this one.
 */
// lz-string is CommonJS: its default export works in Vite, Vitest and Node's ESM loader alike.
import LZString from 'lz-string';
import { MAX_LINK_CHARS, ShareLinkError } from './link';

export const LESSON_LINK_FORMAT = 1;
const PREFIX = 'lesson=';
const MAX_CELLS = 64;
const MAX_SOURCE_CHARS = 200_000;
const ID = /^[a-z][a-z0-9-]*$/;
const LESSON_ID = /^[A-Za-z0-9][\w.-]{0,99}$/;

export interface SharedLessonEdits {
  readonly format: typeof LESSON_LINK_FORMAT;
  /** The lesson's id: its file name without `.md`. */
  readonly lesson: string;
  /** Edited cells' WGSL, by cell id. */
  readonly edits: Readonly<Record<string, string>>;
}

/** The address that opens lesson `id` (no edits). */
export function lessonAddress(id: string, pageUrl: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  url.search = `?lesson=${encodeURIComponent(id)}`;
  return url.href;
}

/**
 * The link that opens lesson `lesson` with `edits`.
 * @throws ShareLinkError when it would be longer than MAX_LINK_CHARS, saying how long
 */
export function lessonLink(lesson: string, edits: Readonly<Record<string, string>>, pageUrl: string): string {
  const body: SharedLessonEdits = { format: LESSON_LINK_FORMAT, lesson, edits };
  const link = `${lessonAddress(lesson, pageUrl)}#${PREFIX}${LESSON_LINK_FORMAT}.${LZString.compressToEncodedURIComponent(JSON.stringify(body))}`;
  if (link.length > MAX_LINK_CHARS) {
    throw new ShareLinkError(
      `Your edits make a link of ${link.length.toLocaleString('en')} characters, over the ${MAX_LINK_CHARS.toLocaleString('en')} a link may have ` +
        '(chat and mail apps cut longer ones). Reset the cells you did not mean to change, or shorten your kernels.',
    );
  }
  return link;
}

/** Whether a fragment (`location.hash`, with or without `#`) carries lesson edits. */
export const isLessonFragment = (hash: string): boolean => hash.replace(/^#/, '').startsWith(PREFIX);

/**
 * The edits in a fragment made by lessonLink.
 * @throws ShareLinkError naming the first problem: a newer format, a payload cut short, a field of the wrong shape or size
 */
export function readLessonFragment(hash: string): SharedLessonEdits {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith(PREFIX)) throw new ShareLinkError('This link carries no lesson edits.');
  const rest = text.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  const version = Number(rest.slice(0, dot));
  if (dot < 0 || !Number.isInteger(version)) throw new ShareLinkError('This lesson link has no format version: it is not one Kernel Lab made.');
  if (version > LESSON_LINK_FORMAT) throw new ShareLinkError(`This lesson link was made by a newer Kernel Lab (format ${version}; this page reads up to ${LESSON_LINK_FORMAT}). Open it on the newer page.`);
  if (version < 1) throw new ShareLinkError(`This lesson link's format ${version} does not exist.`);
  const json = LZString.decompressFromEncodedURIComponent(rest.slice(dot + 1));
  let raw: unknown;
  try {
    raw = json ? JSON.parse(json) : undefined;
  } catch {
    raw = undefined;
  }
  if (raw === undefined) throw new ShareLinkError('This lesson link is damaged: its edits do not decompress (was the link cut short when it was copied?).');
  const bad = (why: string): never => {
    throw new ShareLinkError(`This lesson link's edits are not valid: ${why}.`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('they are not an object');
  const o = raw as Record<string, unknown>;
  if (typeof o.lesson !== 'string' || !LESSON_ID.test(o.lesson)) return bad('"lesson" is not a lesson id');
  const edits = o.edits;
  if (typeof edits !== 'object' || edits === null || Array.isArray(edits)) return bad('"edits" is not an object of cells');
  const entries = Object.entries(edits as Record<string, unknown>);
  if (entries.length > MAX_CELLS) bad(`more than ${MAX_CELLS} cells`);
  for (const [id, source] of entries) {
    if (!ID.test(id)) bad(`"${id.slice(0, 40)}" is not a cell id`);
    if (typeof source !== 'string') bad(`cell ${id} is not text`);
    else if (source.length > MAX_SOURCE_CHARS) bad(`cell ${id} is longer than ${MAX_SOURCE_CHARS.toLocaleString('en')} characters`);
  }
  return { format: LESSON_LINK_FORMAT, lesson: o.lesson, edits: Object.fromEntries(entries) as Record<string, string> };
}
