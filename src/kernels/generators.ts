/**
 * Inputs that must agree with each other, made together from a seed, for
 * specs' `generate`. The paged KV cache's come from the block manager itself
 * (src/kv): a block table (which physical block holds each sequence's logical
 * block i) and slot mappings (slot = block · block_size + offset) are what the
 * manager handed out while sequences were added, forked and grown one token
 * a round, from a pool whose free list starts shuffled, as a cache that has
 * run for a while hands blocks out (vLLM's PagedAttention, Kwon et al., SOSP 2023).
 */
import { BlockManager, type BlockCopy } from '../kv/block-manager';
import { mulberry32 } from './prng';

/** A seeded permutation of 0 … n − 1 (Fisher–Yates). */
export function shuffled(n: number, seed: number): number[] {
  const next = mulberry32(seed ^ 0x2545f491);
  const out = Array.from({ length: n }, (_, i) => i);
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(next() * (k + 1));
    [out[k], out[j]] = [out[j]!, out[k]!];
  }
  return out;
}

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
 * A paged layout for sequences of the given lengths (tokens already cached),
 * no sharing: each holds ceil((length + 1) / blockSize) blocks (the +1 holds
 * the next token), from a block manager whose pool is just big enough plus
 * `spare` blocks, its free list shuffled by `seed`.
 * @throws RangeError for a block size other than 8, 16 or 32.
 */
export function pagedLayout(lengths: readonly number[], blockSize: number, seed: number, spare = 0): PagedLayout {
  const need = lengths.map((len) => Math.ceil((len + 1) / blockSize));
  const maxBlocks = Math.max(1, ...need);
  const poolBlocks = need.reduce((a, b) => a + b, 0) + spare;
  const m = new BlockManager({ blockSize, blocks: poolBlocks, freeOrder: shuffled(poolBlocks, seed) });
  const slotMapping = new Uint32Array(lengths.length);
  lengths.forEach((len, s) => {
    m.addSequence(s);
    m.append(s, len);
    slotMapping[s] = m.append(s, 1).slots[0]!;
  });
  return { blockTable: tableOf(m, lengths.length, maxBlocks), slotMapping, maxBlocks, poolBlocks };
}

/**
 * Context lengths of a decode batch: S sequences falling evenly from L to
 * about 1 (L − i·Δ, Δ = ⌊(L − 1) / (S − 1)⌋), so one batch holds long and
 * short sequences, lengths that are no multiple of a block, and (when S − 1
 * divides L − 1) a one-token sequence. DECODE_TOKENS is their sum as an expression.
 */
export function decodeLengths(S: number, L: number): number[] {
  const step = Math.floor((L - 1) / Math.max(S - 1, 1));
  return Array.from({ length: S }, (_, i) => L - i * step);
}

/** Σ decodeLengths(S, L), over parameters S and L. */
export const DECODE_TOKENS = '(S * L - floor((L - 1) / max(S - 1, 1)) * S * (S - 1) / 2)';

export interface PagedBatch {
  /** [S × maxBlocks] physical block ids, row by row; entries past a sequence's blocks are 0. */
  readonly blockTable: Uint32Array;
  /** [S] tokens each sequence holds. */
  readonly contextLens: Uint32Array;
  /** Copy-on-write copies the manager reported, in order (device block → device block). */
  readonly copies: readonly BlockCopy[];
  /** The manager, in the state the batch leaves it. */
  readonly manager: BlockManager;
}

/**
 * A batch grown as a server grows one: sequence i either starts empty or (with
 * probability ½, for i ≥ 1) is forked from sequence i − 1 when that one holds
 * p tokens, p drawn from the seed, and then every sequence takes one token a
 * round until it holds lengths[i]. Forked sequences share their prefix's
 * blocks; the first write into a shared partial block copies it (`copies`).
 * lengths must not increase (each parent is at least as long as its child).
 * @throws OutOfBlocksError when `poolBlocks` is too small; RangeError for a bad block size.
 */
export function pagedBatch(lengths: readonly number[], blockSize: number, poolBlocks: number, maxBlocks: number, seed: number): PagedBatch {
  const next = mulberry32(seed ^ 0x6c8e9cf5);
  const m = new BlockManager({ blockSize, blocks: poolBlocks, freeOrder: shuffled(poolBlocks, seed) });
  // Fork points: 0 = starts empty; the parent must exist by then, so a child forks no earlier than its parent.
  const forkAt: number[] = [];
  lengths.forEach((len, i) => {
    const earliest = Math.max(1, i > 0 ? forkAt[i - 1]! : 0);
    forkAt.push(i > 0 && next() < 0.5 && earliest <= len ? earliest + Math.floor(next() * (len - earliest + 1)) : 0);
  });
  const copies: BlockCopy[] = [];
  const longest = Math.max(0, ...lengths);
  for (let t = 0; t <= longest; t++) {
    lengths.forEach((_, i) => {
      if (forkAt[i] === 0 && t === 0) m.addSequence(i);
      else if (forkAt[i] === t && t > 0) m.fork(i - 1, i);
    });
    lengths.forEach((len, i) => {
      if (m.has(i) && m.tokens(i) < len) copies.push(...m.append(i, 1).copies);
    });
  }
  const contextLens = Uint32Array.from(lengths);
  return { blockTable: tableOf(m, lengths.length, maxBlocks), contextLens, copies, manager: m };
}

/** Sequences 0 … S − 1's block tables as rows of maxBlocks entries. */
function tableOf(m: BlockManager, S: number, maxBlocks: number): Uint32Array {
  const table = new Uint32Array(S * maxBlocks);
  for (let s = 0; s < S; s++) {
    const row = m.blockTable(s);
    if (row.length > maxBlocks) throw new RangeError(`Sequence ${s} holds ${row.length} blocks, more than the table's ${maxBlocks} per row.`);
    table.set(row, s * maxBlocks);
  }
  return table;
}

/**
 * A paged K or V cache [blocks, blockSize, Hkv, d] of seeded values in [−1, 1),
 * with the manager's copy-on-write copies applied in order, so a copied block
 * holds its source's tokens as a GPU cache would.
 */
export function pagedCache(poolBlocks: number, blockSize: number, rowValues: number, copies: readonly BlockCopy[], seed: number): Float32Array {
  const next = mulberry32(seed);
  const cache = new Float32Array(poolBlocks * blockSize * rowValues);
  for (let i = 0; i < cache.length; i++) cache[i] = 2 * next() - 1;
  const blockValues = blockSize * rowValues;
  for (const c of copies) cache.copyWithin(c.to * blockValues, c.from * blockValues, c.from * blockValues + c.slots * rowValues);
  return cache;
}
