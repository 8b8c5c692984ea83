/**
 * A reader for the Thrift compact protocol, the encoding of a Parquet footer.
 * Only what a footer needs: structs read field by field, with unknown fields
 * skipped, so that footers from newer writers still read. Every read is
 * bounds-checked and nesting is capped: a corrupt footer throws a
 * ThriftError, it never loops or reads past the end.
 * Source: Apache Thrift, "Thrift Compact protocol encoding"
 * (doc/specs/thrift-compact-protocol.md).
 */

export class ThriftError extends Error {
  override name = 'ThriftError';
}

/** Compact protocol type ids. */
export const T = {
  STOP: 0,
  TRUE: 1,
  FALSE: 2,
  BYTE: 3,
  I16: 4,
  I32: 5,
  I64: 6,
  DOUBLE: 7,
  BINARY: 8,
  LIST: 9,
  SET: 10,
  MAP: 11,
  STRUCT: 12,
} as const;

/** Deeper nesting than any Parquet footer has: a corrupt footer could otherwise recurse without end. */
const MAX_DEPTH = 64;

export class CompactReader {
  pos: number;
  private depth = 0;

  constructor(private readonly bytes: Uint8Array, start = 0, private readonly end = bytes.length) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.end) throw new ThriftError(`the footer ends early (at byte ${this.pos})`);
    return this.bytes[this.pos++] ?? 0;
  }

  /** An unsigned LEB128 varint as a Number (exact up to 2⁵³, which covers row counts and byte sizes). */
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return value;
      scale *= 128;
    }
    throw new ThriftError(`a varint at byte ${this.pos} runs over 10 bytes`);
  }

  /** A zigzag varint (i16, i32, i64). */
  int(): number {
    const u = this.varint();
    // Zigzag: 0, -1, 1, -2, …; arithmetic, not bit operators, to stay exact above 2³¹.
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  binary(): Uint8Array {
    const length = this.varint();
    if (length > this.end - this.pos) throw new ThriftError(`a ${length}-byte string at byte ${this.pos} runs past the footer's end`);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    return new TextDecoder().decode(this.binary());
  }

  /** A list or set header: its element type and size. */
  listHeader(): { readonly type: number; readonly size: number } {
    const b = this.byte();
    const size = b >> 4 === 15 ? this.varint() : b >> 4;
    // Every element takes at least one byte (a struct at least its stop byte), so a larger size is corrupt.
    if (size > this.end - this.pos) throw new ThriftError(`a list of ${size} elements at byte ${this.pos} cannot fit in the footer`);
    return { type: b & 0x0f, size };
  }

  /**
   * Reads a struct: calls `field(id, type)` for each field, which reads the value
   * (with the methods above) and returns true, or returns false to have it skipped.
   */
  struct(field: (id: number, type: number) => boolean): void {
    if (++this.depth > MAX_DEPTH) throw new ThriftError(`structures nest more than ${MAX_DEPTH} deep`);
    let id = 0;
    for (;;) {
      const header = this.byte();
      const type = header & 0x0f;
      if (type === T.STOP) break;
      const delta = header >> 4;
      id = delta === 0 ? this.int() : id + delta;
      if (!field(id, type)) this.skip(type);
    }
    this.depth--;
  }

  /** A list of structs, each read by `item`. */
  structList<V>(item: () => V): V[] {
    const { type, size } = this.listHeader();
    if (type !== T.STRUCT) throw new ThriftError(`expected a list of structures, found element type ${type}`);
    return Array.from({ length: size }, item);
  }

  /** A list of integers (enums). */
  intList(): number[] {
    const { type, size } = this.listHeader();
    if (type !== T.I32 && type !== T.I16 && type !== T.I64) throw new ThriftError(`expected a list of integers, found element type ${type}`);
    return Array.from({ length: size }, () => this.int());
  }

  /** A list of strings. */
  stringList(): string[] {
    const { type, size } = this.listHeader();
    if (type !== T.BINARY) throw new ThriftError(`expected a list of strings, found element type ${type}`);
    return Array.from({ length: size }, () => this.string());
  }

  /** Skips a value of this type. Booleans in fields carry their value in the type; in lists they take a byte. */
  skip(type: number, inList = false): void {
    switch (type) {
      case T.TRUE:
      case T.FALSE:
        if (inList) this.byte();
        return;
      case T.BYTE: this.byte(); return;
      case T.I16:
      case T.I32:
      case T.I64: this.varint(); return;
      case T.DOUBLE:
        if (8 > this.end - this.pos) throw new ThriftError('the footer ends inside a double');
        this.pos += 8;
        return;
      case T.BINARY: this.binary(); return;
      case T.LIST:
      case T.SET: {
        const { type: element, size } = this.listHeader();
        for (let i = 0; i < size; i++) this.skip(element, true);
        return;
      }
      case T.MAP: {
        const size = this.varint();
        if (size === 0) return;
        const kv = this.byte();
        if (size > this.end - this.pos) throw new ThriftError(`a map of ${size} entries cannot fit in the footer`);
        for (let i = 0; i < size; i++) {
          this.skip(kv >> 4, true);
          this.skip(kv & 0x0f, true);
        }
        return;
      }
      case T.STRUCT: this.struct(() => false); return;
      default: throw new ThriftError(`unknown Thrift type ${type} at byte ${this.pos - 1}`);
    }
  }
}
