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

/** Work between two yields to the page (ms): a stream that has read ahead resolves reads as microtasks, which never let the page in. */
const SLICE_MS = 8;

/** A function to await between chunks: it returns at once within a slice of SLICE_MS: a macrotask boundary, so input and painting get their turn. */
function slicer(): () => Promise<void> {
  let start = performance.now();
  return async () => {
    if (performance.now() - start < SLICE_MS) return;
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    start = performance.now();
  };
}

async function drain(stream: ReadableStream<Uint8Array>, total: number | undefined, signal: AbortSignal, onProgress: ReadProgress): Promise<Uint8Array[]> {
  const reader = stream.getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let done = 0;
  const pause = slicer();
  try {
    for (;;) {
      await pause();
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

/**
 * The whole of `blob` as bytes of their own (safe to transfer to a Worker),
 * copied chunk by chunk into one array allocated at the start: no single
 * copy of the whole file holds the main thread.
 * @throws CancelledError when `signal` aborts
 */
export async function readBlob(blob: Blob, signal: AbortSignal, onProgress: ReadProgress): Promise<Uint8Array> {
  if (signal.aborted) throw new CancelledError();
  onProgress(0, blob.size);
  const reader = blob.stream().getReader();
  const onAbort = (): void => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  let out = new Uint8Array(blob.size);
  let at = 0;
  const pause = slicer();
  try {
    for (;;) {
      await pause();
      const next = await reader.read();
      if (signal.aborted) throw new CancelledError();
      if (next.done) break;
      const chunk = next.value;
      if (at + chunk.length > out.length) {
        // The file grew while it was read: make room (rare, so a copy is fine).
        const bigger = new Uint8Array(Math.max(out.length * 2, at + chunk.length));
        bigger.set(out.subarray(0, at));
        out = bigger;
      }
      out.set(chunk, at);
      at += chunk.length;
      onProgress(at, blob.size);
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  return at === out.length ? out : out.slice(0, at);
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
