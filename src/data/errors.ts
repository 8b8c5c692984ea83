/**
 * Why a data file or a column cannot be used, as one sentence that names the
 * file (and the column) and the reason. The UI shows it next to the file; the
 * runner prints it and exits 2. `reason` is the category, for code that must
 * tell a truncated download from a file this build cannot read.
 */
import { KernelLabError } from '../gpu/errors';

export type DataProblem =
  /** The file has no bytes. */
  | 'empty'
  /** It starts like a known format but stops short of its end (a cut-off download). */
  | 'truncated'
  /** Its structure contradicts itself (a footer that does not parse, offsets past the end). */
  | 'corrupt'
  /** Parquet Modular Encryption: readable only with keys, which this build does not take. */
  | 'encrypted'
  /** A valid file using something this build cannot read (a codec, a type, another format). */
  | 'unsupported'
  /** Decoding it at once would not fit in the decoder's memory. */
  | 'too-large'
  /** The decoder itself stopped on it, with its own words. */
  | 'undecodable'
  /** Text that is not a table (rows of different widths, no header). */
  | 'not-a-table'
  /** A column asked for that the table does not have. */
  | 'no-column'
  /** A column whose type cannot become the requested kernel input. */
  | 'column-type'
  /** A column with nulls, and no policy for them. */
  | 'nulls'
  /** A value that does not fit the requested kernel input type. */
  | 'range'
  /** A column whose length does not suit the requested shape. */
  | 'shape';

/** The words a message starts with, after the file name. */
const LABEL: Readonly<Record<DataProblem, string>> = {
  empty: 'empty',
  truncated: 'truncated',
  corrupt: 'corrupt',
  encrypted: 'unsupported',
  unsupported: 'unsupported',
  'too-large': 'too large',
  undecodable: 'could not be decoded',
  'not-a-table': 'not a table',
  'no-column': 'no such column',
  'column-type': 'unsupported column type',
  nulls: 'nulls',
  range: 'out of range',
  shape: 'wrong shape',
};

/** A file or column that cannot be used: "`file`: `label`: `detail`." */
export class DataError extends KernelLabError {
  override name = 'DataError';
  /**
   * @param file the file's name as the user knows it
   * @param reason the category
   * @param detail the rest of the sentence, without a final full stop
   * @param trap true when the decoder's WebAssembly instance trapped: it may be in a bad state, so a Worker holding it is replaced
   */
  constructor(readonly file: string, readonly reason: DataProblem, readonly detail: string, readonly trap = false) {
    super('data', `${file}: ${LABEL[reason]}: ${detail}.`);
  }
}
