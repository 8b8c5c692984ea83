/**
 * Getting a file's bytes into the page: every byte, in order, with progress
 * to the end; yielding to the page between slices even when the stream has
 * read ahead; Cancel; same-origin addresses only; a server's error named.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../gpu/errors';
import { download, nameOfUrl, readBlob, sameOriginUrl } from './read-bytes';

function bytes(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7) % 251;
  return out;
}

/** A Blob whose stream has every chunk queued already, as a file read ahead does. */
function readAhead(data: Uint8Array, chunk: number): Blob {
  const blob = new Blob([data as BlobPart]);
  return Object.assign(blob, {
    stream: () => new ReadableStream<Uint8Array>({
      start(c) {
        for (let at = 0; at < data.length; at += chunk) c.enqueue(data.slice(at, at + chunk));
        c.close();
      },
    }, { highWaterMark: Infinity }),
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('reading a file', () => {
  it('gives every byte in order, in an array of its own, with progress to the end', async () => {
    const data = bytes(1_000_003);
    const seen: number[] = [];
    const out = await readBlob(new Blob([data as BlobPart]), new AbortController().signal, (done, total) => {
      expect(total).toBe(data.length);
      seen.push(done);
    });
    expect(Buffer.compare(out, data)).toBe(0);
    expect(out.byteOffset).toBe(0);
    expect(out.buffer.byteLength).toBe(data.length);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBe(data.length);
  });

  it('lets timers run between slices when the stream has every chunk ready (no single long task)', async () => {
    const data = bytes(4096 * 400);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    // Slow each chunk down as a big copy would: 0.1 ms each, 40 ms in all.
    const now = performance.now.bind(performance);
    let fake = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => now() + (fake += 0.1));
    try {
      const out = await readBlob(readAhead(data, 4096), new AbortController().signal, () => undefined);
      expect(out.length).toBe(data.length);
    } finally {
      clearInterval(timer);
      vi.restoreAllMocks();
    }
    expect(ticks).toBeGreaterThan(2);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const read = readBlob(readAhead(bytes(1 << 20), 1024), controller.signal, (done) => {
      if (done > 10_000) controller.abort();
    });
    await expect(read).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('addresses', () => {
  const page = new URL('http://127.0.0.1:4173/index.html');

  it('takes a path or an address on the page\'s own site, and names the file', () => {
    expect(sameOriginUrl('/data/vectors.parquet', page).href).toBe('http://127.0.0.1:4173/data/vectors.parquet');
    expect(sameOriginUrl('data/x.csv', page).pathname).toBe('/data/x.csv');
    expect(nameOfUrl(new URL('http://127.0.0.1:4173/data/my%20file.arrow?v=2'))).toBe('my file.arrow');
  });

  it('refuses another site, saying what to do instead', () => {
    expect(() => sameOriginUrl('https://example.com/x.parquet', page)).toThrow(
      "https://example.com/x.parquet: unsupported: only addresses on this page's own site (http://127.0.0.1:4173) can be loaded here; download the file and pick it, or drop it on the page.",
    );
  });

  it('names the file and the server\'s answer when the download fails', async () => {
    vi.stubGlobal('fetch', async () => new Response('no', { status: 404, statusText: 'Not Found' }));
    await expect(download(new URL('http://127.0.0.1:4173/data/gone.parquet'), new AbortController().signal, () => undefined))
      .rejects.toThrow('gone.parquet: unsupported: the server answered 404 Not Found for /data/gone.parquet.');
  });

  it('downloads with progress against the announced length', async () => {
    const data = bytes(5000);
    vi.stubGlobal('fetch', async () => new Response(data as BlobPart, { headers: { 'content-length': '5000' } }));
    const seen: (number | undefined)[] = [];
    const blob = await download(new URL('http://127.0.0.1:4173/d.bin'), new AbortController().signal, (_, total) => seen.push(total));
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(data);
    expect(seen.every((t) => t === 5000)).toBe(true);
  });
});
