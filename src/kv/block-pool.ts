/**
 * A pool of fixed-size physical blocks: a free list, a reference count and
 * a fill count per block. The device's KV cache is one pool, the host swap
 * space another (block-manager.ts).
 *
 * The free list is a queue: blocks are handed out from its head and freed
 * blocks join its tail, so a block just freed is the last to be reused
 * (vLLM's free block queue does the same, to keep freed blocks' contents
 * around for as long as it can). Its starting order is the caller's: a
 * shuffled order gives the scattered layout of a cache that has run for a
 * while.
 */
import { KvInvariantError } from './errors';

export class BlockPool {
  /** Sequences (block-table entries) that point at each block; 0 for a free block. */
  readonly refCounts: Int32Array;
  /** Token slots written in each block, 0 … blockSize (the first `filled` slots). */
  readonly filled: Int32Array;
  private queue: number[];
  private head = 0;

  /**
   * @param size blocks in the pool, ≥ 0.
   * @param order the free list's starting order: a permutation of 0 … size − 1 (default ascending).
   * @throws RangeError when `order` is not such a permutation.
   */
  constructor(readonly name: 'device' | 'swap', readonly size: number, order?: readonly number[]) {
    if (!(Number.isInteger(size) && size >= 0)) throw new RangeError(`A ${name} pool holds a whole number of blocks, not ${size}.`);
    this.refCounts = new Int32Array(size);
    this.filled = new Int32Array(size);
    this.queue = order ? [...order] : Array.from({ length: size }, (_, i) => i);
    if (this.queue.length !== size || new Set(this.queue).size !== size || this.queue.some((b) => !(Number.isInteger(b) && b >= 0 && b < size))) {
      throw new RangeError(`The ${name} pool's free-list order must be a permutation of 0 … ${size - 1}.`);
    }
  }

  /** Blocks on the free list. */
  get freeCount(): number {
    return this.queue.length - this.head;
  }

  /** Blocks with a reference count above 0. */
  get usedCount(): number {
    return this.size - this.freeCount;
  }

  /** The free list, head first (a copy). */
  freeList(): number[] {
    return this.queue.slice(this.head);
  }

  /**
   * Take the block at the head of the free list: reference count 1, nothing written.
   * @throws KvInvariantError when the list is empty (callers count free blocks first).
   */
  allocate(): number {
    if (this.head >= this.queue.length) throw new KvInvariantError(`The ${this.name} pool was asked for a block with none free.`);
    const block = this.queue[this.head++]!;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.refCounts[block] = 1;
    this.filled[block] = 0;
    return block;
  }

  /** One more sequence points at `block`, which must be in use. */
  retain(block: number): void {
    if (this.refCounts[block]! <= 0) throw new KvInvariantError(`${this.name} block ${block} is free, and cannot be shared.`);
    this.refCounts[block]! += 1;
  }

  /**
   * One sequence fewer points at `block`; at none, it joins the free list's tail.
   * @throws KvInvariantError when the block is already free (a double free).
   */
  release(block: number): void {
    if (this.refCounts[block]! <= 0) throw new KvInvariantError(`${this.name} block ${block} was freed twice.`);
    this.refCounts[block]! -= 1;
    if (this.refCounts[block] === 0) {
      this.filled[block] = 0;
      this.queue.push(block);
    }
  }
}
