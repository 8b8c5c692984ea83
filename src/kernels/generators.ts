/**
 * Inputs that must agree with each other, made together from a seed, for
 * specs' `generate`. The paged KV cache needs a block table (which physical
 * block holds each sequence's logical block i) and a slot mapping (where each
 * sequence's next token goes: slot = block · block_size + offset) that index
 * the same blocks; the physical blocks are shuffled, as a cache that has run
 * for a while hands them out (vLLM's PagedAttention, Kwon et al., SOSP 2023).
 */
import { mulberry32 } from './random';

export interface PagedLayout {
  /** [sequences × maxBlocks] physical block ids, row by row; unused entries are 0. */
  readonly blockTable: Uint32Array;
  /** [sequences]: the slot of each sequence's next token (the one at position length). */
  readonly slotMapping: Uint32Array;
  /** Blocks per sequence row of the table. */
  readonly maxBlocks: number;
  /** Physical blocks in the pool. */
  readonly poolBlocks: number;
}

/**
 * A random paged layout for sequences of the given lengths (tokens already
 * cached): each needs ceil((length + 1) / blockSize) blocks (the +1 holds the
 * next token), taken from a seeded shuffle of a pool just big enough, plus
 * `spare` unused blocks.
 */
export function pagedLayout(lengths: readonly number[], blockSize: number, seed: number, spare = 0): PagedLayout {
  if (!(blockSize >= 1 && Number.isInteger(blockSize))) throw new RangeError(`block size must be a whole number of at least 1, not ${blockSize}`);
  const need = lengths.map((len) => Math.ceil((len + 1) / blockSize));
  const maxBlocks = Math.max(1, ...need);
  const poolBlocks = need.reduce((a, b) => a + b, 0) + spare;
  const next = mulberry32(seed ^ 0x2545f491);
  const pool = Array.from({ length: poolBlocks }, (_, i) => i);
  for (let k = pool.length - 1; k > 0; k--) {
    const j = Math.floor(next() * (k + 1));
    [pool[k], pool[j]] = [pool[j]!, pool[k]!];
  }
  const blockTable = new Uint32Array(lengths.length * maxBlocks);
  const slotMapping = new Uint32Array(lengths.length);
  let taken = 0;
  lengths.forEach((len, s) => {
    for (let b = 0; b < need[s]!; b++) blockTable[s * maxBlocks + b] = pool[taken++]!;
    slotMapping[s] = blockTable[s * maxBlocks + Math.floor(len / blockSize)]! * blockSize + (len % blockSize);
  });
  return { blockTable, slotMapping, maxBlocks, poolBlocks };
}
