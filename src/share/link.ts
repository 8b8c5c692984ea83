/**
 * A kernel shared as a link: everything needed to run it again (WGSL, a custom
 * kernel's sidecar and reference text, parameters, constants) as JSON,
 * compressed with lz-string into the URL's fragment. The fragment never leaves
 * the browser (it is not sent with the request), so no server sees the code.
 *
 * A link is data, never code: decoding only checks shapes and sizes, and the
 * page decides what may run (a shared reference runs only in the reference
 * Worker, after the person agrees; see README, "Share by link").
 *
 * Format versions: `#share=<version>.<payload>`. Version 1 is the only one so
 * far; a later format adds a reader here and keeps this one, so old links keep
 * opening.
 */
// lz-string is CommonJS: its default export works in Vite, Vitest and Node's ESM loader (the e2e tests) alike.
import LZString from 'lz-string';
import { KernelLabError } from '../gpu/errors';

export const SHARE_FORMAT = 1;
const PREFIX = 'share=';

/**
 * The longest link Share makes, in characters (the whole URL). Browsers take
 * far longer ones, but chat apps, mail clients and URL shorteners cut links
 * beyond a few tens of thousands of characters, and a cut link does not open.
 */
export const MAX_LINK_CHARS = 32_000;

/** Caps on what a link may carry, checked when one is opened (a link can be written by hand). */
const MAX_TEXT_CHARS = 200_000;
const MAX_TITLE_CHARS = 200;
const MAX_VALUES = 64;

export interface SharedKernel {
  readonly format: typeof SHARE_FORMAT;
  /** The library kernel it is an edit of (`matmul/vec4`), or a custom kernel's id (`custom/scale`). */
  readonly kernel: string;
  /** Shown as text only, never as HTML. */
  readonly title: string;
  readonly wgsl: string;
  /** A custom kernel's JSON sidecar and reference module text; absent for a library kernel. */
  readonly sidecar?: string;
  readonly reference?: string;
  readonly params: Readonly<Record<string, number>>;
  readonly constants: Readonly<Record<string, number>>;
}

/** A link that does not open, with the reason in words. */
export class ShareLinkError extends KernelLabError {
  constructor(message: string) {
    super('spec', message);
    this.name = 'ShareLinkError';
  }
}

/**
 * The link for `kernel` on the page at `pageUrl` (its fragment replaced).
 * Throws ShareLinkError when the link would be longer than MAX_LINK_CHARS,
 * saying by how much.
 */
export function shareLink(kernel: Omit<SharedKernel, 'format'>, pageUrl: string): string {
  const url = new URL(pageUrl);
  url.hash = '';
  const body: SharedKernel = { format: SHARE_FORMAT, ...kernel };
  const link = `${url.href}#${PREFIX}${SHARE_FORMAT}.${LZString.compressToEncodedURIComponent(JSON.stringify(body))}`;
  if (link.length > MAX_LINK_CHARS) {
    throw new ShareLinkError(
      `This kernel makes a link of ${link.length.toLocaleString('en')} characters, over the ${MAX_LINK_CHARS.toLocaleString('en')} a link may have ` +
        '(longer links get cut by chat and mail apps). Shorten the code or the reference, or export the files instead.',
    );
  }
  return link;
}

/** Whether a URL fragment (`location.hash`, with or without the `#`) holds a shared kernel. */
export const isShareFragment = (hash: string): boolean => hash.replace(/^#/, '').startsWith(PREFIX);

/**
 * The kernel in a fragment made by shareLink. Throws ShareLinkError naming
 * the first problem: an unknown (newer) format, a payload that does not
 * decompress (a link cut short), or a field of the wrong type or size.
 */
export function readShareFragment(hash: string): SharedKernel {
  const text = hash.replace(/^#/, '');
  if (!text.startsWith(PREFIX)) throw new ShareLinkError('This link holds no shared kernel.');
  const rest = text.slice(PREFIX.length);
  const dot = rest.indexOf('.');
  const version = Number(rest.slice(0, dot));
  if (dot < 0 || !Number.isInteger(version)) throw new ShareLinkError('This link is not a Kernel Lab share link (it has no format version).');
  if (version > SHARE_FORMAT) throw new ShareLinkError(`This link was made by a newer Kernel Lab (link format ${version}; this page reads up to ${SHARE_FORMAT}). Open it on the newer page.`);
  if (version < 1) throw new ShareLinkError(`This link's format ${version} does not exist.`);
  const json = LZString.decompressFromEncodedURIComponent(rest.slice(dot + 1));
  if (!json) throw new ShareLinkError('This link is damaged: its kernel does not decompress (was the link cut short when it was copied?).');
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ShareLinkError('This link is damaged: its kernel is not valid JSON (was the link cut short when it was copied?).');
  }
  return checkShared(raw);
}

function checkShared(raw: unknown): SharedKernel {
  const bad = (why: string): never => {
    throw new ShareLinkError(`This link's kernel is not valid: ${why}.`);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad('it is not an object');
  const o = raw as Record<string, unknown>;
  const text = (key: string, max: number, optional = false): string | undefined => {
    const v = o[key];
    if (v === undefined && optional) return undefined;
    if (typeof v !== 'string') return bad(`"${key}" is not text`);
    if (v.length > max) return bad(`"${key}" is longer than ${max.toLocaleString('en')} characters`);
    return v;
  };
  const numbers = (key: string): Record<string, number> => {
    const v = o[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad(`"${key}" is not an object of numbers`);
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length > MAX_VALUES) return bad(`"${key}" has more than ${MAX_VALUES} values`);
    for (const [k, x] of entries) {
      if (!/^[A-Za-z_]\w{0,63}$/.test(k)) bad(`"${key}" has a name that is not an identifier`);
      if (typeof x !== 'number' || !Number.isFinite(x)) bad(`"${key}.${k}" is not a finite number`);
    }
    return Object.fromEntries(entries) as Record<string, number>;
  };
  const kernel = text('kernel', 100)!;
  if (!/^[a-z][\w-]*\/[\w.-]+$/.test(kernel)) bad(`"kernel" (${JSON.stringify(kernel)}) is not a kernel id like matmul/vec4`);
  const sidecar = text('sidecar', MAX_TEXT_CHARS, true);
  const reference = text('reference', MAX_TEXT_CHARS, true);
  return {
    format: SHARE_FORMAT,
    kernel,
    title: text('title', MAX_TITLE_CHARS)!,
    wgsl: text('wgsl', MAX_TEXT_CHARS)!,
    ...(sidecar === undefined ? {} : { sidecar }),
    ...(reference === undefined ? {} : { reference }),
    params: numbers('params'),
    constants: numbers('constants'),
  };
}
