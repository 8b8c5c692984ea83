/**
 * The two serving policies the simulation compares, on the same KV memory
 * budget, as step-by-step schedulers (simulate.ts drives them; the page's
 * block view steps one itself):
 *
 * - `reserved`: static batching, as FasterTransformer and Orca ("Max") size
 *   their caches: a batch is formed from the waiting requests, each reserving
 *   the model's maximum length contiguously, and runs until its last request
 *   finishes; no request joins a running batch, and a finished request's
 *   reservation waits for the batch to end.
 * - `paged`: continuous (iteration-level) batching over the paged block
 *   manager, as vLLM schedules: requests join and leave at every step, each
 *   sequence takes a block when its last one fills, and when the pool runs out
 *   the latest-admitted request is preempted (its blocks freed, recomputed
 *   when it is admitted again, first in the queue). Requests are admitted
 *   first come, first served, while a watermark of free blocks stays (vLLM's
 *   1%), and not in a step that had to preempt.
 *
 * A step: every running sequence writes the K and V of its last token and
 * samples the next; a request admitted this step instead writes its prompt
 * (prefill: prompt + tokens already generated, after a preemption) and samples
 * its first token. So a finished request holds prompt + output − 1 tokens.
 * With `samples` > 1 (parallel sampling) a request's samples share its
 * prompt's blocks (fork, copy-on-write) in the paged policy; the reserved one
 * reserves and fills a full row per sample.
 *
 * Times in ms of simulated time; memory in token slots.
 */
import { BlockManager, type SeqId } from './block-manager';
import { OutOfBlocksError } from './errors';
import type { BatchShape } from './step-time';
import type { TraceRequest } from './trace';

export type Policy = 'reserved' | 'paged';
export const POLICIES: readonly Policy[] = ['reserved', 'paged'];

export interface ServingOptions {
  /** The KV memory budget, in token slots (bytes / bytes per token). */
  readonly budgetTokens: number;
  /** Paged: tokens per block (8, 16 or 32). */
  readonly blockSize: number;
  /** Reserved: the tokens reserved per sequence, the model's maximum length. */
  readonly maxLength: number;
  /** Sequences in a batch at most (vLLM's max_num_seqs, default 256). */
  readonly maxSequences?: number;
  /** Parallel samples per request (default 1). */
  readonly samples?: number;
  /** Paged: share of the pool's blocks that admission leaves free (default 0.01). */
  readonly watermark?: number;
}

/** KV memory at one moment, in token slots; the four add up to the budget. */
export interface MemorySplit {
  /** Slots holding a token some running sequence attends to (a shared block counted once). */
  readonly holding: number;
  /** Reserved for a sequence and not holding its tokens: a reservation's unwritten tail, or a finished request's row in a running static batch. */
  readonly reservedUnused: number;
  /** The unwritten slots of a sequence's last, partly written block (paged). */
  readonly internalFragmentation: number;
  readonly free: number;
}

/** What became of one request. */
export interface RequestOutcome {
  readonly request: TraceRequest;
  readonly firstTokenMs: number;
  readonly finishMs: number;
  readonly preemptions: number;
}

/** One step-wise scheduler: plan() a step, then finish(ms) it. */
export interface Server {
  readonly policy: Policy;
  /** Simulated time, ms. */
  readonly nowMs: number;
  done(): boolean;
  /** Admit, preempt and allocate for the next step; its shape, or undefined when idle (the clock moved to the next arrival). */
  plan(): BatchShape | undefined;
  /** The planned step took `ms`: sample a token for every running sequence and retire the finished. */
  finish(ms: number): void;
  memory(): MemorySplit;
  /** Sequences (samples) of unfinished requests being served. */
  concurrent(): number;
  /** Requests that have arrived and are not being served. */
  waiting(): number;
  outcomes(): readonly RequestOutcome[];
  /** Tokens computed again after preemptions. */
  readonly recomputedTokens: number;
  /** Tokens sampled (every sample's). */
  readonly generatedTokens: number;
}

interface Live {
  readonly request: TraceRequest;
  generated: number;
  firstTokenMs?: number;
  preemptions: number;
  /** Paged: its sequences, one per sample. */
  seqs: SeqId[];
}

/** Why a request can never run on this budget: it would need the whole pool and more. @throws RangeError naming the row. */
export function checkFits(trace: readonly TraceRequest[], policy: Policy, options: ServingOptions): void {
  const n = options.samples ?? 1;
  const bs = options.blockSize;
  const pool = Math.floor(options.budgetTokens / bs);
  for (const r of trace) {
    if (r.promptTokens + r.outputTokens > options.maxLength) throw new RangeError(`Row ${r.row}: ${r.promptTokens} + ${r.outputTokens} tokens is longer than the ${options.maxLength}-token maximum length.`);
  }
  if (policy === 'reserved' && n * options.maxLength > options.budgetTokens) {
    throw new RangeError(`The KV budget holds ${options.budgetTokens} tokens, less than one request's reservation (${n > 1 ? `${n} samples × ` : ''}${options.maxLength} tokens): the reserved policy could serve nothing.`);
  }
  if (policy === 'paged') {
    const worst = trace.reduce((w, r) => Math.max(w, n * Math.ceil((r.promptTokens + r.outputTokens) / bs)), 0);
    if (worst > pool) throw new RangeError(`The KV budget holds ${pool} blocks of ${bs} tokens, and a request of the trace needs up to ${worst} alone.`);
  }
}

abstract class BaseServer {
  nowMs = 0;
  recomputedTokens = 0;
  generatedTokens = 0;
  protected next = 0;
  protected readonly queue: Live[] = [];
  protected readonly outcomesSoFar: RequestOutcome[] = [];
  protected readonly samples: number;
  protected readonly maxSequences: number;

  constructor(protected readonly trace: readonly TraceRequest[], protected readonly options: ServingOptions) {
    this.samples = options.samples ?? 1;
    this.maxSequences = options.maxSequences ?? 256;
  }

  protected arrive(): void {
    while (this.next < this.trace.length && this.trace[this.next]!.arrivalS * 1000 <= this.nowMs) {
      this.queue.push({ request: this.trace[this.next]!, generated: 0, preemptions: 0, seqs: [] });
      this.next++;
    }
  }

  /** Nothing to do: move the clock to the next arrival. */
  protected idle(): undefined {
    const r = this.trace[this.next];
    if (r) this.nowMs = Math.max(this.nowMs, r.arrivalS * 1000);
    return undefined;
  }

  /** A token sampled for every sample of `l`; true when it has all its output. */
  protected sampled(l: Live): boolean {
    l.generated++;
    this.generatedTokens += this.samples;
    l.firstTokenMs ??= this.nowMs;
    if (l.generated < l.request.outputTokens) return false;
    this.outcomesSoFar.push({ request: l.request, firstTokenMs: l.firstTokenMs, finishMs: this.nowMs, preemptions: l.preemptions });
    return true;
  }

  waiting(): number {
    return this.queue.length;
  }

  outcomes(): readonly RequestOutcome[] {
    return this.outcomesSoFar;
  }
}

export class ReservedServer extends BaseServer implements Server {
  readonly policy = 'reserved';
  private batch: Live[] = [];
  private finished = new Set<Live>();

  done(): boolean {
    return this.next >= this.trace.length && this.queue.length === 0 && this.batch.length === 0;
  }

  plan(): BatchShape | undefined {
    this.arrive();
    let prefillTokens = 0;
    if (this.batch.length === 0) {
      if (this.queue.length === 0) return this.idle();
      const row = this.samples * this.options.maxLength;
      const fit = Math.min(Math.floor(this.options.budgetTokens / row), Math.floor(this.maxSequences / this.samples));
      this.batch = this.queue.splice(0, Math.max(1, fit));
      this.finished = new Set();
      prefillTokens = this.batch.reduce((s, l) => s + l.request.promptTokens, 0);
    }
    // Every row of the batch is computed, padded to the longest: finished ones too.
    const lengths: number[] = [];
    for (const l of this.batch) for (let s = 0; s < this.samples; s++) lengths.push(this.tokens(l));
    return { layout: 'contiguous', lengths, prefillTokens };
  }

  /** KV tokens of a request's sample this step: its prompt, and one per token sampled before (held at its end once finished). */
  private tokens(l: Live): number {
    return l.request.promptTokens + Math.min(l.generated, l.request.outputTokens - 1);
  }

  finish(ms: number): void {
    this.nowMs += ms;
    for (const l of this.batch) if (!this.finished.has(l) && this.sampled(l)) this.finished.add(l);
    if (this.finished.size === this.batch.length) this.batch = [];
  }

  memory(): MemorySplit {
    const reserved = this.batch.length * this.samples * this.options.maxLength;
    let holding = 0;
    for (const l of this.batch) if (!this.finished.has(l)) holding += this.samples * this.tokens(l);
    return { holding, reservedUnused: reserved - holding, internalFragmentation: 0, free: this.options.budgetTokens - reserved };
  }

  concurrent(): number {
    return (this.batch.length - this.finished.size) * this.samples;
  }
}

export class PagedServer extends BaseServer implements Server {
  readonly policy = 'paged';
  readonly blocks: BlockManager;
  private running: Live[] = [];
  private nextSeq = 0;
  private readonly watermarkBlocks: number;
  /** Sequence id → the request it serves, for the block view. */
  private readonly owner = new Map<SeqId, TraceRequest>();

  constructor(trace: readonly TraceRequest[], options: ServingOptions) {
    super(trace, options);
    const pool = Math.floor(options.budgetTokens / options.blockSize);
    this.blocks = new BlockManager({ blockSize: options.blockSize, blocks: pool });
    this.watermarkBlocks = Math.floor((options.watermark ?? 0.01) * pool);
  }

  done(): boolean {
    return this.next >= this.trace.length && this.queue.length === 0 && this.running.length === 0;
  }

  /** The request a sequence serves (undefined once it ended). */
  requestOf(seq: SeqId): TraceRequest | undefined {
    return this.owner.get(seq);
  }

  plan(): BatchShape | undefined {
    this.arrive();
    if (this.running.length === 0 && this.queue.length === 0) return this.idle();
    const bm = this.blocks;
    // Room for every running sequence's next token, preempting the latest admitted while there is none.
    let preempted = false;
    const neededBy = (l: Live): number => l.seqs.reduce((t, id) => t + bm.blocksNeeded(id, 1), 0);
    let needed = this.running.reduce((s, l) => s + neededBy(l), 0);
    while (this.running.length > 0 && needed > bm.freeBlocks) {
      const victim = this.running.pop()!;
      needed -= neededBy(victim);
      this.preempt(victim);
      preempted = true;
    }
    const lengths: number[] = [];
    for (const l of this.running) {
      for (const id of l.seqs) {
        bm.append(id, 1);
        lengths.push(bm.tokens(id));
      }
    }
    let prefillTokens = 0;
    if (!preempted) {
      while (this.queue.length > 0 && (this.running.length + 1) * this.samples <= this.maxSequences) {
        const l = this.queue[0]!;
        if (!this.admit(l)) break;
        this.queue.shift();
        this.running.push(l);
        prefillTokens += l.request.promptTokens + l.generated * this.samples;
        if (l.generated > 0) this.recomputedTokens += l.request.promptTokens + l.generated * this.samples;
        for (const id of l.seqs) lengths.push(bm.tokens(id));
      }
    }
    return { layout: 'paged', lengths, prefillTokens };
  }

  /** Prefill `l` (prompt, then each sample's tokens so far); false, with nothing allocated, when it does not fit above the watermark. */
  private admit(l: Live): boolean {
    const bm = this.blocks;
    const ids = Array.from({ length: this.samples }, () => this.nextSeq++);
    // At most a block table per sample of prompt + generated tokens (the prompt's blocks are shared): no attempt that must fail.
    const bound = this.samples * Math.ceil((l.request.promptTokens + l.generated) / this.options.blockSize);
    const floor = this.running.length > 0 ? this.watermarkBlocks : 0;
    if (this.samples === 1 && bound > bm.freeBlocks - floor) return false;
    const made: SeqId[] = [];
    const undo = (): false => {
      for (const id of made) bm.free(id);
      return false;
    };
    try {
      bm.addSequence(ids[0]!);
      made.push(ids[0]!);
      bm.append(ids[0]!, l.request.promptTokens);
      for (const id of ids.slice(1)) {
        bm.fork(ids[0]!, id);
        made.push(id);
      }
      if (l.generated > 0) for (const id of ids) bm.append(id, l.generated);
    } catch (e) {
      if (e instanceof OutOfBlocksError) return undo();
      throw e;
    }
    if (bm.freeBlocks < floor) return undo();
    l.seqs = ids;
    for (const id of ids) this.owner.set(id, l.request);
    return true;
  }

  private preempt(l: Live): void {
    for (const id of l.seqs) {
      this.blocks.free(id);
      this.owner.delete(id);
    }
    l.seqs = [];
    l.preemptions++;
    this.queue.unshift(l);
  }

  finish(ms: number): void {
    this.nowMs += ms;
    this.running = this.running.filter((l) => {
      if (!this.sampled(l)) return true;
      for (const id of l.seqs) {
        this.blocks.free(id);
        this.owner.delete(id);
      }
      return false;
    });
  }

  memory(): MemorySplit {
    const s = this.blocks.stats();
    const holding = s.storedTokens;
    const reservedUnused = s.reservedUnusedSlots;
    const internalFragmentation = s.internalFragmentationSlots;
    return { holding, reservedUnused, internalFragmentation, free: this.options.budgetTokens - holding - reservedUnused - internalFragmentation };
  }

  concurrent(): number {
    return this.running.length * this.samples;
  }
}

export function makeServer(policy: Policy, trace: readonly TraceRequest[], options: ServingOptions): Server {
  return policy === 'paged' ? new PagedServer(trace, options) : new ReservedServer(trace, options);
}
