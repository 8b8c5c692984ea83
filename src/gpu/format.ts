/**
 * Sizes in words, for messages, the page and the runner alike: bytes in binary
 * units ("1.5 KiB", "512 MiB"), limits as bytes or as plain counts by their name.
 * The one place bytes are written; it sits in the lowest layer so that every
 * layer above (a LimitError's message, the sweeps' labels, the runner's report,
 * the page's panels) can use it.
 */

const BYTE_UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** "100 bytes", "1.5 KiB", "1 GiB": binary units, one decimal, dropped where it is 0 ("256 KiB" for 256.02 KiB, never "256.0 KiB"). */
export function formatBytes(bytes: number): string {
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < BYTE_UNITS.length - 1) { v /= 1024; u++; }
  return u === 0 ? `${v} bytes` : `${Number(v.toFixed(1))} ${BYTE_UNITS[u]}`;
}

/** Limits counted in bytes (buffer and storage sizes), as opposed to counts. */
export function isByteLimit(name: string): boolean {
  return /(BindingSize|BufferSize|StorageSize)$/.test(name);
}

/** A limit's value as a message writes it: bytes in binary units, counts as plain numbers ("256"). */
export function formatLimitValue(limit: string, v: number): string {
  return isByteLimit(limit) ? formatBytes(v) : String(v);
}
