import { tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { referenceTable, toLegacyStream, toParquet } from '../test/data-tables';
import { detectFormat, formatOf, textKind } from './detect';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('the format from the bytes', () => {
  const table = referenceTable();
  const parquet = toParquet(table);
  const file = tableToIPC(table, 'file');
  const stream = tableToIPC(table, 'stream');

  it('knows each format by its magic numbers, whatever the name says', () => {
    expect(detectFormat(parquet)).toEqual({ ok: true, format: 'parquet' });
    expect(detectFormat(file)).toEqual({ ok: true, format: 'arrow-file' });
    expect(detectFormat(stream)).toEqual({ ok: true, format: 'arrow-stream' });
    expect(detectFormat(toLegacyStream(table))).toEqual({ ok: true, format: 'arrow-stream', legacy: true });
    expect(detectFormat(utf8('a,b\n1,2\n'))).toEqual({ ok: true, format: 'csv' });
    expect(formatOf(utf8('x\n1\n'), 'data.parquet')).toEqual({ format: 'csv', legacy: false });
  });

  it('calls a format\'s start without its end truncated', () => {
    expect(detectFormat(parquet.subarray(0, 100))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(detectFormat(parquet.subarray(0, 4))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(detectFormat(file.subarray(0, file.length - 3))).toMatchObject({ ok: false, reason: 'truncated', detail: expect.stringContaining('does not end with ARROW1') });
    expect(detectFormat(stream.subarray(0, stream.length - 8))).toMatchObject({ ok: false, reason: 'truncated', detail: expect.stringContaining('end-of-stream marker') });
    expect(() => formatOf(parquet.subarray(0, 50), 'cut.parquet')).toThrow('cut.parquet: truncated: it starts with PAR1 like a Parquet file but does not end with PAR1 (50 bytes): the footer is missing.');
  });

  it('says encrypted for Parquet Modular Encryption, and corrupt for a footer longer than the file', () => {
    const pare = parquet.slice();
    pare.set(utf8('PARE'), 0);
    pare.set(utf8('PARE'), pare.length - 4);
    expect(detectFormat(pare)).toMatchObject({ ok: false, reason: 'encrypted', detail: expect.stringContaining('encrypted Parquet is not supported') });
    const long = parquet.slice();
    new DataView(long.buffer).setUint32(long.length - 8, 1e9, true);
    expect(detectFormat(long)).toMatchObject({ ok: false, reason: 'corrupt' });
    const tail = parquet.slice(8);
    expect(detectFormat(tail)).toMatchObject({ ok: false, reason: 'corrupt', detail: 'it ends with PAR1 like a Parquet file but does not start with it' });
  });

  it('names formats it does not read, and text that is not UTF-8', () => {
    expect(detectFormat(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'empty' });
    expect(detectFormat(Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0))).toMatchObject({ ok: false, reason: 'unsupported', detail: 'it is a gzip-compressed file (decompress it first)' });
    expect(detectFormat(Uint8Array.of(0x50, 0x4b, 3, 4, 0))).toMatchObject({ reason: 'unsupported', detail: expect.stringContaining('ZIP') });
    expect(detectFormat(utf8('  {"a": 1}'))).toMatchObject({ reason: 'unsupported', detail: expect.stringContaining('JSON') });
    expect(detectFormat(utf8('<!doctype html><html><body>Not found</body></html>'))).toMatchObject({ reason: 'unsupported', detail: expect.stringContaining('HTML') });
    expect(detectFormat(Uint8Array.of(0xff, 0xfe, 0x61, 0))).toMatchObject({ reason: 'unsupported', detail: expect.stringContaining('UTF-16') });
    expect(detectFormat(Uint8Array.from({ length: 64 }, (_, i) => (i * 37) % 256))).toMatchObject({ reason: 'unsupported', detail: expect.stringContaining('binary') });
    expect(textKind(Uint8Array.of(0x63, 0x61, 0x66, 0xe9, 0x0a))).toBe('other-text');
    // A multi-byte character cut by the 64 KiB sample is still UTF-8.
    const long = utf8(`${'a'.repeat(65535)}é`);
    expect(textKind(long)).toBe('utf-8');
  });
});
