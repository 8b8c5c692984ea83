/**
 * A data file's format, found from its bytes (magic numbers), never from its
 * name: a `.parquet` that is really a CSV, or a download cut short, is told
 * as such. Parquet files start and end with `PAR1` (`PARE` when the footer is
 * encrypted); Arrow IPC files start and end with `ARROW1`; Arrow IPC streams
 * start with the continuation marker 0xFFFFFFFF (or, before Arrow 0.15, with
 * the first message's length) and end with an end-of-stream marker; anything
 * else that is UTF-8 text is read as CSV. Sources: the Parquet format's
 * "File Format" section, the Arrow columnar format's "IPC Streaming Format"
 * and "IPC File Format" sections.
 */
import type { DataProblem } from './errors';
import { DataError } from './errors';

export type DataFormat = 'parquet' | 'arrow-file' | 'arrow-stream' | 'csv';

export const FORMAT_NAMES: Readonly<Record<DataFormat, string>> = {
  parquet: 'Parquet',
  'arrow-file': 'Arrow IPC file',
  'arrow-stream': 'Arrow IPC stream',
  csv: 'CSV',
};

export type Detection =
  | { readonly ok: true; readonly format: DataFormat; /** An Arrow stream written before Arrow 0.15 (no continuation markers). */ readonly legacy?: boolean }
  | { readonly ok: false; readonly reason: DataProblem; /** The rest of the sentence, no full stop. */ readonly detail: string };

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const PAR1 = ascii('PAR1');
const PARE = ascii('PARE');
const ARROW1 = ascii('ARROW1');
const CONTINUATION = 0xffffffff;

/** Formats someone may well drop here that Kernel Lab does not read, by their magic numbers. */
const OTHER_FORMATS: readonly { readonly magic: Uint8Array; readonly what: string }[] = [
  { magic: Uint8Array.of(0x1f, 0x8b), what: 'a gzip-compressed file (decompress it first)' },
  { magic: Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd), what: 'a Zstandard-compressed file (decompress it first)' },
  { magic: ascii('BZh'), what: 'a bzip2-compressed file (decompress it first)' },
  { magic: Uint8Array.of(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), what: 'an xz-compressed file (decompress it first)' },
  { magic: Uint8Array.of(0x50, 0x4b, 0x03, 0x04), what: 'a ZIP archive (extract the table from it first)' },
  { magic: ascii('ORC'), what: 'an ORC file (Kernel Lab reads Parquet, Arrow IPC and CSV)' },
  { magic: Uint8Array.of(0x4f, 0x62, 0x6a, 0x01), what: 'an Avro container file (Kernel Lab reads Parquet, Arrow IPC and CSV)' },
  { magic: ascii('FEA1'), what: 'a Feather version 1 file (Feather version 2 is the Arrow IPC file format, which Kernel Lab reads)' },
  { magic: ascii('SQLite format 3'), what: 'an SQLite database (Kernel Lab reads Parquet, Arrow IPC and CSV)' },
  { magic: Uint8Array.of(0x89, 0x48, 0x44, 0x46), what: 'an HDF5 file (Kernel Lab reads Parquet, Arrow IPC and CSV)' },
  { magic: Uint8Array.of(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59), what: 'a NumPy .npy array (Kernel Lab reads Parquet, Arrow IPC and CSV)' },
];

function startsWith(bytes: Uint8Array, magic: Uint8Array, at = 0): boolean {
  if (at < 0 || at + magic.length > bytes.length) return false;
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false;
  return true;
}

const endsWith = (bytes: Uint8Array, magic: Uint8Array): boolean => startsWith(bytes, magic, bytes.length - magic.length);

const view = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** How many leading bytes the text check reads: enough to see binary, cheap on a 1 GB file. */
const TEXT_SAMPLE_BYTES = 64 * 1024;

/**
 * What the start of the bytes looks like: UTF-8 text, text in another encoding (no NUL, few control
 * characters, but not valid UTF-8: Latin-1, say), or binary. Judged from the first 64 KiB.
 */
export function textKind(bytes: Uint8Array): 'utf-8' | 'other-text' | 'binary' {
  const sample = bytes.subarray(0, TEXT_SAMPLE_BYTES);
  let controls = 0;
  for (const b of sample) {
    if (b === 0) return 'binary';
    // Tab, line feed, form feed, carriage return are text; other C0 controls are not.
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) controls++;
  }
  if (controls > sample.length / 100) return 'binary';
  try {
    // `stream: true`: a character cut at the sample's end is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return 'utf-8';
  } catch {
    return 'other-text';
  }
}

function detectParquet(bytes: Uint8Array): Detection {
  if (startsWith(bytes, PARE)) return { ok: false, reason: 'encrypted', detail: 'encrypted Parquet is not supported (the file starts with PARE: its footer is encrypted)' };
  if (endsWith(bytes, PARE)) return { ok: false, reason: 'encrypted', detail: 'encrypted Parquet is not supported (the file ends with PARE: its footer is encrypted)' };
  if (bytes.length < 12 || !endsWith(bytes, PAR1)) {
    return { ok: false, reason: 'truncated', detail: `it starts with PAR1 like a Parquet file but does not end with PAR1 (${bytes.length} bytes): the footer is missing` };
  }
  const footerBytes = view(bytes).getUint32(bytes.length - 8, true);
  if (footerBytes > bytes.length - 12) {
    return { ok: false, reason: 'corrupt', detail: `its footer length says ${footerBytes} bytes, but the whole file has only ${bytes.length}` };
  }
  return { ok: true, format: 'parquet' };
}

function detectArrowFile(bytes: Uint8Array): Detection {
  // Magic, 2 bytes of padding, the stream, the footer, its int32 length, magic.
  if (bytes.length < 14 || !endsWith(bytes, ARROW1)) {
    return { ok: false, reason: 'truncated', detail: `it starts with ARROW1 like an Arrow IPC file but does not end with ARROW1 (${bytes.length} bytes): the footer is missing` };
  }
  return { ok: true, format: 'arrow-file' };
}

/** The end-of-stream marker: a continuation and a zero length (0.15+), or a zero length alone (legacy). */
function endsLikeStream(bytes: Uint8Array, legacy: boolean): boolean {
  const v = view(bytes);
  if (legacy) return bytes.length >= 4 && v.getUint32(bytes.length - 4, true) === 0;
  return bytes.length >= 16 && v.getUint32(bytes.length - 8, true) === CONTINUATION && v.getUint32(bytes.length - 4, true) === 0;
}

function detectArrowStream(bytes: Uint8Array, legacy: boolean): Detection {
  if (!endsLikeStream(bytes, legacy)) {
    return { ok: false, reason: 'truncated', detail: `it starts like an Arrow IPC stream but does not end with the end-of-stream marker (${bytes.length} bytes): the stream was cut short` };
  }
  return legacy ? { ok: true, format: 'arrow-stream', legacy: true } : { ok: true, format: 'arrow-stream' };
}

/**
 * A pre-0.15 Arrow stream starts with its schema message's int32 length L, where
 * 4 + L is a multiple of 8, then a flatbuffer whose root offset lies inside L.
 * Text cannot pass: its fourth byte makes L at least 16 MiB.
 */
function isLegacyStream(bytes: Uint8Array): boolean {
  if (bytes.length < 16) return false;
  const v = view(bytes);
  const length = v.getUint32(0, true);
  return length > 0 && length < 2 ** 24 && (4 + length) % 8 === 0 && 4 + length <= bytes.length && v.getUint32(4, true) < length;
}

/**
 * The format of a data file, from its bytes.
 * @param bytes the whole file (only the first 64 KiB and the last 8 bytes are read)
 * @returns the format, or the reason it is none Kernel Lab reads: empty, truncated (a format's start without its end),
 *   corrupt, encrypted (Parquet Modular Encryption), unsupported (gzip, ZIP, ORC, JSON, UTF-16, binary of no known kind)
 */
export function detectFormat(bytes: Uint8Array): Detection {
  if (bytes.length === 0) return { ok: false, reason: 'empty', detail: 'the file has no bytes' };
  if (startsWith(bytes, PAR1) || startsWith(bytes, PARE)) return detectParquet(bytes);
  if (startsWith(bytes, ARROW1)) return detectArrowFile(bytes);
  if (bytes.length >= 4 && view(bytes).getUint32(0, true) === CONTINUATION) return detectArrowStream(bytes, false);
  if (endsWith(bytes, PAR1)) return { ok: false, reason: 'corrupt', detail: 'it ends with PAR1 like a Parquet file but does not start with it' };
  const other = OTHER_FORMATS.find((f) => startsWith(bytes, f.magic));
  if (other) return { ok: false, reason: 'unsupported', detail: `it is ${other.what}` };
  if (startsWith(bytes, Uint8Array.of(0xff, 0xfe)) || startsWith(bytes, Uint8Array.of(0xfe, 0xff))) {
    return { ok: false, reason: 'unsupported', detail: 'it is UTF-16 text; save it as UTF-8 to read it as CSV' };
  }
  if (isLegacyStream(bytes)) return detectArrowStream(bytes, true);
  const text = textKind(bytes);
  if (text === 'binary') return { ok: false, reason: 'unsupported', detail: 'it is binary of no kind Kernel Lab reads (not Parquet, Arrow IPC or CSV text)' };
  if (text === 'other-text') return { ok: false, reason: 'unsupported', detail: 'it is text, but not UTF-8 (Latin-1 or another encoding?); save it as UTF-8 to read it as CSV' };
  const first = new TextDecoder().decode(bytes.subarray(0, 256)).replace(/^\uFEFF/, '').trimStart();
  if (first.startsWith('{') || first.startsWith('[')) {
    return { ok: false, reason: 'unsupported', detail: 'it looks like JSON, which is not a table format Kernel Lab reads (Parquet, Arrow IPC, CSV)' };
  }
  // A URL that answered with a web page (a 404 page, a server's index.html fallback) rather than the file.
  if (first.startsWith('<')) return { ok: false, reason: 'unsupported', detail: 'it starts with "<" like HTML or XML (perhaps a web page served instead of the file), not a table' };
  return { ok: true, format: 'csv' };
}

/** The format of `file`'s bytes, or a DataError naming `file` and the reason. */
export function formatOf(bytes: Uint8Array, file: string): { readonly format: DataFormat; readonly legacy: boolean } {
  const d = detectFormat(bytes);
  if (!d.ok) throw new DataError(file, d.reason, d.detail);
  return { format: d.format, legacy: d.legacy ?? false };
}
