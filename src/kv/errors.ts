/**
 * What the block manager refuses, as typed errors whose messages name the
 * sequence or block and the reason. A refused call changes nothing, so a
 * scheduler can catch OutOfBlocksError, preempt a sequence and try again.
 */

/** A call the manager's state does not allow: an unknown or duplicate sequence id, a swapped-out sequence asked to grow. */
export class KvStateError extends Error {
  override name = 'KvStateError';
}

/** Not enough free blocks in a pool (device or swap) for the call; nothing was allocated. */
export class OutOfBlocksError extends Error {
  override name = 'OutOfBlocksError';
  constructor(
    /** Which pool ran out: the device's, or the host swap space. */
    readonly pool: 'device' | 'swap',
    /** Blocks the call needed. */
    readonly needed: number,
    /** Blocks that were free. */
    readonly free: number,
    what: string,
  ) {
    super(`${what} needs ${needed} free ${pool} block${needed === 1 ? '' : 's'}, but ${free === 0 ? 'none is' : `only ${free} ${free === 1 ? 'is' : 'are'}`} free.`);
  }
}

/** A broken invariant (checkInvariants), or a block freed twice: a bug in the manager, never in the caller. */
export class KvInvariantError extends Error {
  override name = 'KvInvariantError';
}
