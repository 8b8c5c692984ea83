/**
 * Getting a data file's bytes into the page with progress and Cancel: a
 * picked or dropped File read through its stream, or a same-origin address
 * downloaded. Each chunk is copied as it arrives (a few hundred KiB at a
 * time), so reading a 100 MB file never holds the main thread for long; the
 * decoding itself happens in a Worker (src/data/decode.ts).
 */
import { CancelledError } from '../gpu/errors';
import { DataError } from '../data/errors';

/** Bytes read so far, and the total when known. */
export type ReadProgress = (done: number, total: number | undefined) => void;

async function drain(stream: ReadableStream<Uint8Array>, total: number | undefined, signal: AbortSignal, onProgress: ReadProgress): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let done = 0;
  try {
    for (;;) {
      const next = await reader.read();
      if (signal.aborted) throw new CancelledError();
      if (next.done) break;
      chunks.push(next.value);
      done += next.value.length;
      onProgress(done, total);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return chunks;
}

function join(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * The whole of `blob` as bytes of their own (safe to transfer to a Worker).
 * @throws CancelledError when `signal` aborts
 */
export async function readBlob(blob: Blob, signal: AbortSignal, onProgress: ReadProgress): Promise<Uint8Array> {
  if (signal.aborted) throw new CancelledError();
  onProgress(0, blob.size);
  const bytes = join(await drain(blob.stream(), blob.size, signal, onProgress));
  // A single chunk may be a view of a larger buffer: transfer needs a buffer of its own.
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
}

/** The file name an address ends in ("vectors.parquet" for "/data/vectors.parquet?x=1"). */
export function nameOfUrl(url: URL): string {
  const last = decodeURIComponent(url.pathname.split('/').filter(Boolean).at(-1) ?? '');
  return last || url.host || url.href;
}

/**
 * The address the user typed, resolved against the page, when it is on the
 * page's own origin.
 * @throws DataError naming the address when it is not a URL, or is on another origin
 */
export function sameOriginUrl(text: string, page: Location | URL): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), page.href);
  } catch {
    throw new DataError(text.trim() || '(empty)', 'unsupported', 'not an address this page can read');
  }
  if (url.origin !== page.origin) {
    throw new DataError(url.href, 'unsupported', `only addresses on this page's own site (${page.origin}) can be loaded here; download the file and pick it, or drop it on the page`);
  }
  return url;
}

/**
 * Downloads `url` with progress.
 * @throws DataError naming the file when the server answers with an error or the network fails; CancelledError when `signal` aborts
 */
export async function download(url: URL, signal: AbortSignal, onProgress: ReadProgress): Promise<Blob> {
  const name = nameOfUrl(url);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw new DataError(name, 'unsupported', `it could not be downloaded from ${url.pathname} (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!response.ok) throw new DataError(name, 'unsupported', `the server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''} for ${url.pathname}`);
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  if (!response.body) return response.blob();
  const chunks = await drain(response.body, total, signal, onProgress);
  return new Blob(chunks as BlobPart[]);
}
