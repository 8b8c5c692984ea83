/**
 * Arrow types in words, as the data panel and error messages write them:
 * "Float32", "Int64", "Utf8", "FixedSizeList<Float32>[768]",
 * "Dictionary<Int32, Utf8>", "Timestamp<ns, UTC>", "Decimal(10, 2)".
 * The issue's notation for a fixed-size list (element type, then width) is
 * used rather than apache-arrow's own `FixedSizeList[768]<Float32>`.
 */
import { DataType, TimeUnit, type Field } from 'apache-arrow';

const UNITS: Readonly<Record<number, string>> = { [TimeUnit.SECOND]: 's', [TimeUnit.MILLISECOND]: 'ms', [TimeUnit.MICROSECOND]: 'µs', [TimeUnit.NANOSECOND]: 'ns' };

const child = (f: Field | undefined): string => (f ? describeType(f.type) : '?');

/** An Arrow data type in words (nested types spelled out, struct members named). */
export function describeType(type: DataType): string {
  if (DataType.isFixedSizeList(type)) return `FixedSizeList<${child(type.children[0])}>[${type.listSize}]`;
  if (DataType.isList(type)) return `List<${child(type.children[0])}>`;
  if (DataType.isDictionary(type)) return `Dictionary<${describeType(type.indices)}, ${describeType(type.dictionary)}>`;
  if (DataType.isMap(type)) {
    const entries = type.children[0]?.type.children ?? [];
    return `Map<${child(entries[0])}, ${child(entries[1])}>`;
  }
  if (DataType.isStruct(type)) return `Struct<${type.children.map((f) => `${f.name}: ${describeType(f.type)}`).join(', ')}>`;
  if (DataType.isTimestamp(type)) return `Timestamp<${UNITS[type.unit] ?? type.unit}${type.timezone ? `, ${type.timezone}` : ''}>`;
  if (DataType.isDecimal(type)) return `Decimal(${type.precision}, ${type.scale})`;
  if (DataType.isFixedSizeBinary(type)) return `FixedSizeBinary[${type.byteWidth}]`;
  return String(type);
}
