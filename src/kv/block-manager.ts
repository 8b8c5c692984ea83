/**
 * The paged KV cache's block manager (vLLM's PagedAttention: Kwon et al.,
 * "Efficient Memory Management for Large Language Model Serving with
 * PagedAttention", SOSP 2023). The cache is a pool of fixed-size physical
 * blocks of `blockSize` token slots; each sequence has a block table (its
 * logical block i lives in physical block table[i]) and grows a block at a
 * time, so no sequence reserves its maximum length up front.
 *
 * Units: tokens and slots count token positions; blocks count physical
 * blocks. A token at position p of a sequence lives in slot
 * table[⌊p / blockSize⌋] · blockSize + p mod blockSize of the device pool,
 * the index a GPU cache laid out as [blocks, blockSize, Hkv, d] is read at.
 *
 * Sharing: fork() gives a new sequence the parent's blocks (its prompt
 * prefix) with their reference counts raised; the first write into a shared
 * block copies it (copy-on-write) and reports the copy, so that a GPU cache
 * can copy that block's K and V before the write lands.
 *
 * Preemption, when the device pool is full, by the manager's stated policy:
 * 'recompute' frees the sequence's blocks (its tokens must be computed again),
 * 'swap' moves them to a host swap space, a second pool counted separately.
 * Which sequence to preempt is the scheduler's choice, not the manager's.
 *
 * Every refused call (OutOfBlocksError, KvStateError) leaves the state as it
 * was. Pure TypeScript: no GPU, no DOM.
 */
import { BlockPool } from './block-pool';
import { KvInvariantError, KvStateError, OutOfBlocksError } from './errors';

export type SeqId = number;
export const BLOCK_SIZES = [8, 16, 32] as const;
export type BlockSize = (typeof BLOCK_SIZES)[number];
export type PreemptionPolicy = 'recompute' | 'swap';
/** Where a sequence's blocks are: the device's cache, or the host swap space. */
export type Location = 'device' | 'swap';

export interface BlockManagerOptions {
  /** Token slots per block: 8, 16 (default) or 32. */
  readonly blockSize?: number;
  /** Physical blocks in the device pool. */
  readonly blocks: number;
  /** Blocks in the host swap space (default 0: no swapping). */
  readonly swapBlocks?: number;
  /** What preempt() does (default 'recompute'). */
  readonly preemption?: PreemptionPolicy;
  /**
   * The device pool's free list at the start, head first: a permutation of
   * 0 … blocks − 1 (default ascending). A shuffled one hands blocks out
   * scattered, as a cache that has run for a while does.
   */
  readonly freeOrder?: readonly number[];
}

/** Copy the first `slots` token slots of block `from` into block `to` (both physical ids, in the pools the call names). */
export interface BlockCopy {
  readonly from: number;
  readonly to: number;
  readonly slots: number;
}

export interface AppendResult {
  /** One device slot per new token, in order (slot = block · blockSize + offset). */
  readonly slots: readonly number[];
  /** Copy-on-write copies (device → device) to make before writing the new tokens. */
  readonly copies: readonly BlockCopy[];
}

export type PreemptResult =
  /** Blocks freed; `tokens` tokens (over the sequences) must be computed again. */
  | { readonly mode: 'recompute'; readonly tokens: number; readonly freedBlocks: number }
  /** Blocks moved to the swap space: copies device → swap. */
  | { readonly mode: 'swap'; readonly copies: readonly BlockCopy[] };

export interface KvStats {
  readonly blockSize: number;
  /** Device pool: blocks in all, in use (reference count > 0), free; used + free = total. */
  readonly totalBlocks: number;
  readonly usedBlocks: number;
  readonly freeBlocks: number;
  /** Device blocks that more than one sequence points at. */
  readonly sharedBlocks: number;
  /** Swap space: blocks in all and in use. */
  readonly swapBlocks: number;
  readonly swapUsedBlocks: number;
  /** Sequences on the device, and swapped out. */
  readonly sequences: number;
  readonly swappedSequences: number;
  /** Tokens of the sequences on the device, a shared prefix counted once per sequence. */
  readonly tokens: number;
  /** Written slots of the device's used blocks, a shared block counted once. */
  readonly storedTokens: number;
  /** Slots of blocks reserved ahead (reserve()) and not yet written. */
  readonly reservedUnusedSlots: number;
  /** Internal fragmentation: the unwritten slots of partly written blocks (a sequence's last block). */
  readonly internalFragmentationSlots: number;
}

interface Sequence {
  tokens: number;
  /** Physical block ids in the pool of `location`; entries past ⌈tokens / blockSize⌉ are reserved ahead. */
  blocks: number[];
  location: Location;
}

export class BlockManager {
  readonly blockSize: number;
  readonly preemption: PreemptionPolicy;
  protected readonly device: BlockPool;
  protected readonly swap: BlockPool;
  private readonly seqs = new Map<SeqId, Sequence>();

  /** @throws RangeError for a block size other than 8, 16 or 32, a pool size that is not a whole number ≥ 0, or a free order that is not a permutation. */
  constructor(options: BlockManagerOptions) {
    const blockSize = options.blockSize ?? 16;
    if (!(BLOCK_SIZES as readonly number[]).includes(blockSize)) throw new RangeError(`The block size must be 8, 16 or 32 tokens, not ${blockSize}.`);
    this.blockSize = blockSize;
    this.preemption = options.preemption ?? 'recompute';
    this.device = new BlockPool('device', options.blocks, options.freeOrder);
    this.swap = new BlockPool('swap', options.swapBlocks ?? 0);
  }

  /** A new, empty sequence on the device. @throws KvStateError when `id` is taken. */
  addSequence(id: SeqId): void {
    if (this.seqs.has(id)) throw new KvStateError(`Sequence ${id} already exists.`);
    this.seqs.set(id, { tokens: 0, blocks: [], location: 'device' });
  }

  /** Sequence ids, in the order they were added. */
  sequenceIds(): SeqId[] {
    return [...this.seqs.keys()];
  }

  has(id: SeqId): boolean {
    return this.seqs.has(id);
  }

  /** Tokens the sequence holds. */
  tokens(id: SeqId): number {
    return this.get(id).tokens;
  }

  location(id: SeqId): Location {
    return this.get(id).location;
  }

  /** The sequence's block table: physical block ids in its location's pool, reserved blocks included (a copy). */
  blockTable(id: SeqId): number[] {
    return [...this.get(id).blocks];
  }

  /** How many block-table entries point at a physical block of a pool (0: free). */
  refCount(block: number, pool: Location = 'device'): number {
    return (pool === 'device' ? this.device : this.swap).refCounts[block] ?? 0;
  }

  /** The device slot of the token at `position` (0 … tokens − 1). @throws KvStateError when swapped out or past its tokens. */
  slotOf(id: SeqId, position: number): number {
    const s = this.onDevice(id, 'have a slot read');
    if (!(Number.isInteger(position) && position >= 0 && position < s.tokens)) throw new KvStateError(`Sequence ${id} holds ${s.tokens} tokens; it has no position ${position}.`);
    return s.blocks[Math.floor(position / this.blockSize)]! * this.blockSize + (position % this.blockSize);
  }

  /** Free device blocks that append(id, n) would take: new blocks, plus one when its next token lands in a shared block. */
  blocksNeeded(id: SeqId, n: number): number {
    const s = this.onDevice(id, 'grow');
    checkCount(n, 'tokens to append');
    if (n === 0) return 0;
    return Math.max(0, Math.ceil((s.tokens + n) / this.blockSize) - s.blocks.length) + (this.writesShared(s) ? 1 : 0);
  }

  /** Free blocks in the device pool, in O(1) (stats() counts everything, in O(pool)): what a scheduler checks every step. */
  get freeBlocks(): number {
    return this.device.freeCount;
  }

  canAppend(id: SeqId, n: number): boolean {
    return this.blocksNeeded(id, n) <= this.device.freeCount;
  }

  /**
   * Slots for `n` new tokens at the end of sequence `id` (a prompt of n tokens, or
   * one decoded token), allocating blocks as needed and copying a shared block
   * before the first write into it.
   * @throws OutOfBlocksError when the device pool lacks the blocks (nothing changes);
   *   KvStateError for an unknown or swapped-out sequence.
   */
  append(id: SeqId, n = 1): AppendResult {
    const needed = this.blocksNeeded(id, n);
    if (needed > this.device.freeCount) throw new OutOfBlocksError('device', needed, this.device.freeCount, `Appending ${n} token${n === 1 ? '' : 's'} to sequence ${id}`);
    const s = this.get(id);
    const copies: BlockCopy[] = [];
    if (n > 0 && this.writesShared(s)) copies.push(this.copyOnWrite(s, Math.floor(s.tokens / this.blockSize)));
    while (s.blocks.length * this.blockSize < s.tokens + n) s.blocks.push(this.device.allocate());
    const slots: number[] = [];
    for (let p = s.tokens; p < s.tokens + n; p++) {
      const block = s.blocks[Math.floor(p / this.blockSize)]!;
      const offset = p % this.blockSize;
      this.device.filled[block] = offset + 1;
      slots.push(block * this.blockSize + offset);
    }
    s.tokens += n;
    return { slots, copies };
  }

  /**
   * Allocate blocks ahead so that `n` more tokens fit without allocating (lookahead
   * slots, as a scheduler reserves for a step). Returns the blocks allocated.
   * @throws OutOfBlocksError (nothing changes); KvStateError as append().
   */
  reserve(id: SeqId, n: number): number {
    const s = this.onDevice(id, 'reserve');
    checkCount(n, 'tokens to reserve');
    const needed = Math.max(0, Math.ceil((s.tokens + n) / this.blockSize) - s.blocks.length);
    if (needed > this.device.freeCount) throw new OutOfBlocksError('device', needed, this.device.freeCount, `Reserving ${n} slots for sequence ${id}`);
    for (let i = 0; i < needed; i++) s.blocks.push(this.device.allocate());
    return needed;
  }

  /**
   * A new sequence `child` holding the parent's tokens in the parent's own blocks
   * (reference counts raised; blocks reserved ahead are not shared). Takes no free block.
   * @throws KvStateError when the parent is unknown or swapped out, or `child` is taken.
   */
  fork(parent: SeqId, child: SeqId): void {
    const p = this.onDevice(parent, 'be forked');
    if (this.seqs.has(child)) throw new KvStateError(`Sequence ${child} already exists.`);
    const blocks = p.blocks.slice(0, Math.ceil(p.tokens / this.blockSize));
    for (const b of blocks) this.share(b);
    this.seqs.set(child, { tokens: p.tokens, blocks, location: 'device' });
  }

  /** The sequence ends: its references to its blocks are dropped (wherever they are). @throws KvStateError when unknown. */
  free(id: SeqId): void {
    const s = this.get(id);
    const pool = s.location === 'device' ? this.device : this.swap;
    for (const b of s.blocks) pool.release(b);
    this.seqs.delete(id);
  }

  /**
   * Preempt sequences by the manager's policy. 'recompute': their blocks are freed and
   * they stay, empty, to be filled again; 'swap': swapOut(ids).
   * @throws KvStateError for unknown, repeated or swapped-out ids; OutOfBlocksError (swap space full).
   */
  preempt(ids: readonly SeqId[]): PreemptResult {
    if (this.preemption === 'swap') return { mode: 'swap', copies: this.swapOut(ids) };
    const seqs = this.distinct(ids, 'device', 'be preempted');
    const before = this.device.freeCount;
    let tokens = 0;
    for (const s of seqs) {
      tokens += s.tokens;
      for (const b of s.blocks) this.device.release(b);
      s.blocks = [];
      s.tokens = 0;
    }
    return { mode: 'recompute', tokens, freedBlocks: this.device.freeCount - before };
  }

  /**
   * Move sequences' blocks to the swap space. A block shared among `ids` moves once
   * (its swap copy keeps the sharing); one also shared with a sequence left on the
   * device is copied, and that sharing ends. Blocks reserved ahead are released.
   * Returns the copies, device block → swap block.
   * @throws OutOfBlocksError('swap') when the swap space lacks the blocks (nothing changes); KvStateError.
   */
  swapOut(ids: readonly SeqId[]): BlockCopy[] {
    return this.move(this.distinct(ids, 'device', 'be swapped out'), this.device, this.swap, 'swap');
  }

  /**
   * Bring swapped-out sequences back to the device. Returns the copies, swap block → device block.
   * @throws OutOfBlocksError('device') when the device pool lacks the blocks (nothing changes); KvStateError.
   */
  swapIn(ids: readonly SeqId[]): BlockCopy[] {
    return this.move(this.distinct(ids, 'swap', 'be swapped in'), this.swap, this.device, 'device');
  }

  /** Block and token counts for the simulation; O(pool size). */
  stats(): KvStats {
    const bs = this.blockSize;
    let storedTokens = 0;
    let reservedUnusedSlots = 0;
    let internalFragmentationSlots = 0;
    let sharedBlocks = 0;
    for (let b = 0; b < this.device.size; b++) {
      if (this.device.refCounts[b] === 0) continue;
      const f = this.device.filled[b]!;
      storedTokens += f;
      if (f === 0) reservedUnusedSlots += bs;
      else internalFragmentationSlots += bs - f;
      if (this.device.refCounts[b]! > 1) sharedBlocks++;
    }
    const onDevice = [...this.seqs.values()].filter((s) => s.location === 'device');
    return {
      blockSize: bs,
      totalBlocks: this.device.size,
      usedBlocks: this.device.usedCount,
      freeBlocks: this.device.freeCount,
      sharedBlocks,
      swapBlocks: this.swap.size,
      swapUsedBlocks: this.swap.usedCount,
      sequences: onDevice.length,
      swappedSequences: this.seqs.size - onDevice.length,
      tokens: onDevice.reduce((a, s) => a + s.tokens, 0),
      storedTokens,
      reservedUnusedSlots,
      internalFragmentationSlots,
    };
  }

  /**
   * Check the manager's invariants, in both pools: every block's reference count is
   * the number of block-table entries pointing at it (so a block in two tables is
   * shared with a matching count), the free list holds exactly the blocks with count
   * 0, each once (no leak, no double free, free + used = pool), each block's fill
   * agrees with every table that holds it, and blocks reserved ahead are not shared.
   * @throws KvInvariantError naming the first broken one.
   */
  checkInvariants(): void {
    for (const pool of [this.device, this.swap]) {
      const refs = new Int32Array(pool.size);
      for (const [id, s] of this.seqs) {
        if (pool.name !== (s.location === 'device' ? 'device' : 'swap')) continue;
        const holding = Math.ceil(s.tokens / this.blockSize);
        if (s.blocks.length < holding) fail(`sequence ${id} holds ${s.tokens} tokens in only ${s.blocks.length} blocks`);
        if (s.location === 'swap' && s.blocks.length !== holding) fail(`swapped-out sequence ${id} keeps blocks reserved ahead`);
        s.blocks.forEach((b, i) => {
          if (!(b >= 0 && b < pool.size)) fail(`sequence ${id} points at ${pool.name} block ${b}, outside the pool`);
          refs[b]! += 1;
          const want = Math.min(this.blockSize, Math.max(0, s.tokens - i * this.blockSize));
          if (pool.filled[b] !== want) fail(`${pool.name} block ${b} has ${pool.filled[b]} slots written, but sequence ${id} has ${want} tokens in it`);
          if (i >= holding && pool.refCounts[b] !== 1) fail(`${pool.name} block ${b}, reserved ahead by sequence ${id}, is shared`);
        });
      }
      const free = pool.freeList();
      if (new Set(free).size !== free.length) fail(`a ${pool.name} block is on the free list twice`);
      for (const b of free) {
        if (pool.refCounts[b] !== 0) fail(`${pool.name} block ${b} is on the free list with reference count ${pool.refCounts[b]}`);
        if (pool.filled[b] !== 0) fail(`free ${pool.name} block ${b} has slots written`);
      }
      for (let b = 0; b < pool.size; b++) {
        if (pool.refCounts[b] !== refs[b]) fail(`${pool.name} block ${b} has reference count ${pool.refCounts[b]}, but ${refs[b]} block-table entries point at it`);
      }
      if (free.length + pool.usedCount !== pool.size || pool.usedCount !== refs.filter((r) => r > 0).length) {
        fail(`the ${pool.name} pool's ${free.length} free and ${refs.filter((r) => r > 0).length} used blocks do not make its ${pool.size}`);
      }
    }
  }

  /** Raise a block's reference count for a new sharer (fork). */
  protected share(block: number): void {
    this.device.retain(block);
  }

  /** Give sequence `s` its own copy of its shared block at table index `index`. */
  protected copyOnWrite(s: Sequence, index: number): BlockCopy {
    const from = s.blocks[index]!;
    const to = this.device.allocate();
    const slots = this.device.filled[from]!;
    this.device.filled[to] = slots;
    this.device.release(from);
    s.blocks[index] = to;
    return { from, to, slots };
  }

  /** Whether the sequence's next token lands in a block another sequence also points at. */
  protected writesShared(s: Sequence): boolean {
    const block = s.blocks[Math.floor(s.tokens / this.blockSize)];
    return block !== undefined && this.device.refCounts[block]! > 1;
  }

  private move(seqs: readonly Sequence[], from: BlockPool, to: BlockPool, location: Location): BlockCopy[] {
    const distinctBlocks = new Set(seqs.flatMap((s) => s.blocks.slice(0, Math.ceil(s.tokens / this.blockSize))));
    if (distinctBlocks.size > to.freeCount) throw new OutOfBlocksError(to.name, distinctBlocks.size, to.freeCount, `Moving ${seqs.length} sequence${seqs.length === 1 ? '' : 's'} to the ${to.name === 'swap' ? 'swap space' : 'device'}`);
    const moved = new Map<number, number>();
    const copies: BlockCopy[] = [];
    for (const s of seqs) {
      const holding = Math.ceil(s.tokens / this.blockSize);
      s.blocks = s.blocks.map((b, i) => {
        from.release(b);
        if (i >= holding) return -1; // reserved ahead: nothing to move
        const already = moved.get(b);
        if (already !== undefined) {
          to.retain(already);
          return already;
        }
        const target = to.allocate();
        to.filled[target] = Math.min(this.blockSize, s.tokens - i * this.blockSize);
        moved.set(b, target);
        copies.push({ from: b, to: target, slots: to.filled[target]! });
        return target;
      }).filter((b) => b >= 0);
      s.location = location;
    }
    return copies;
  }

  private get(id: SeqId): Sequence {
    const s = this.seqs.get(id);
    if (!s) throw new KvStateError(`There is no sequence ${id}.`);
    return s;
  }

  private onDevice(id: SeqId, what: string): Sequence {
    const s = this.get(id);
    if (s.location !== 'device') throw new KvStateError(`Sequence ${id} is swapped out: swap it in before it can ${what}.`);
    return s;
  }

  private distinct(ids: readonly SeqId[], location: Location, what: string): Sequence[] {
    if (new Set(ids).size !== ids.length) throw new KvStateError(`A sequence is named twice in [${ids.join(', ')}].`);
    return ids.map((id) => {
      const s = this.get(id);
      if (s.location !== location) throw new KvStateError(`Sequence ${id} is ${s.location === 'swap' ? 'swapped out' : 'on the device'}, so it cannot ${what}.`);
      return s;
    });
  }
}

function checkCount(n: number, what: string): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`The ${what} must be a whole number ≥ 0, not ${n}.`);
}

function fail(message: string): never {
  throw new KvInvariantError(`KV block manager invariant broken: ${message}.`);
}
