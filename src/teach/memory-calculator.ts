/**
 * What each GPU holds when a model is trained with data parallelism, ZeRO
 * stages 1–3 or FSDP: the model states (parameters, gradients, optimizer
 * states), and optionally an estimate of the activations. Pure arithmetic,
 * for the training-at-scale lesson and its calculator (src/ui/MemoryCalculator.tsx).
 *
 * Source: Rajbhandari, Rasley, Ruwase and He, "ZeRO: Memory Optimizations
 * Toward Training Trillion Parameter Models", SC 2020, section 5 and Figure 1.
 * With Ψ parameters, N_d data-parallel GPUs and mixed-precision Adam, each
 * parameter costs 2 bytes (fp16 parameter) + 2 bytes (fp16 gradient) + K = 12
 * bytes (the fp32 copy of the parameter, Adam's momentum and variance):
 *   plain data parallelism   (2 + 2 + K)·Ψ                 every GPU holds everything
 *   ZeRO stage 1 (P_os)      2Ψ + 2Ψ + K·Ψ/N_d             optimizer states partitioned
 *   ZeRO stage 2 (P_os+g)    2Ψ + (2 + K)·Ψ/N_d            + gradients partitioned
 *   ZeRO stage 3 (P_os+g+p)  (2 + 2 + K)·Ψ/N_d             + parameters partitioned
 * The paper's example (Figure 1): Ψ = 7.5 B, N_d = 64: 120 GB, 31.4 GB,
 * 16.6 GB, 1.88 GB (GB = 10⁹ bytes).
 *
 * FSDP (PyTorch's FullyShardedDataParallel, FULL_SHARD; Zhao et al., VLDB
 * 2023) shards parameters, gradients and optimizer states as stage 3 does:
 * its persistent state per GPU is stage 3's. Both also gather one unit's
 * parameters at a time while computing, a transient this calculator leaves
 * out.
 *
 * Activations are not partitioned by data parallelism or ZeRO 1–3 (each GPU
 * computes on its own micro-batch): the same term for every strategy. The
 * estimate is Korthikanti et al., "Reducing Activation Recomputation in Large
 * Transformer Models", MLSys 2023, section 4.1: per transformer layer,
 * s·b·h·(34 + 5·a·s/h) bytes with 16-bit activations (sequence length s,
 * micro-batch b, hidden size h, attention heads a), and 2·s·b·h per layer
 * (only each layer's input) with full recomputation.
 */

/** Bytes per parameter of each model state. */
export interface StateBytes {
  readonly parameters: number;
  readonly gradients: number;
  /** K in the ZeRO paper. */
  readonly optimizer: number;
}

/** The training precisions offered, with their bytes per parameter. */
export const PRECISIONS = {
  /** ZeRO's case: fp16/bf16 parameters and gradients; fp32 parameters, momentum and variance in Adam (K = 12). */
  mixed: { label: 'mixed precision, Adam: 2 + 2 + 12 bytes', bytes: { parameters: 2, gradients: 2, optimizer: 12 } },
  /** Everything in fp32: 4-byte parameters and gradients, Adam's momentum and variance (K = 8). */
  fp32: { label: 'fp32, Adam: 4 + 4 + 8 bytes', bytes: { parameters: 4, gradients: 4, optimizer: 8 } },
} as const satisfies Record<string, { readonly label: string; readonly bytes: StateBytes }>;

export type PrecisionName = keyof typeof PRECISIONS;

export const STRATEGIES = ['dp', 'zero1', 'zero2', 'zero3', 'fsdp'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_LABELS: Readonly<Record<Strategy, string>> = {
  dp: 'data parallel',
  zero1: 'ZeRO stage 1',
  zero2: 'ZeRO stage 2',
  zero3: 'ZeRO stage 3',
  fsdp: 'FSDP',
};

/** What each strategy partitions across the N_d GPUs. */
const PARTITIONED: Readonly<Record<Strategy, { readonly optimizer: boolean; readonly gradients: boolean; readonly parameters: boolean }>> = {
  dp: { optimizer: false, gradients: false, parameters: false },
  zero1: { optimizer: true, gradients: false, parameters: false },
  zero2: { optimizer: true, gradients: true, parameters: false },
  zero3: { optimizer: true, gradients: true, parameters: true },
  fsdp: { optimizer: true, gradients: true, parameters: true },
};

/** A transformer's shape and batch, for the activation estimate. */
export interface ActivationSetup {
  readonly layers: number;
  readonly hidden: number;
  readonly heads: number;
  readonly sequence: number;
  readonly microBatch: number;
  /** Full activation recomputation (checkpointing): only each layer's input is kept. */
  readonly recompute: boolean;
}

export interface TrainingSetup {
  /** Ψ, the model's parameters (a count, not billions). */
  readonly parameters: number;
  /** N_d, the data-parallel GPUs. */
  readonly gpus: number;
  readonly precision: PrecisionName;
  readonly activations?: ActivationSetup;
}

/** One strategy's bytes per GPU. */
export interface MemoryPerGpu {
  readonly strategy: Strategy;
  readonly parameters: number;
  readonly gradients: number;
  readonly optimizer: number;
  /** Zero when no activation estimate was asked for. */
  readonly activations: number;
  readonly total: number;
}

/** A setup a formula cannot take, with the field it concerns. */
export class SetupError extends RangeError {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

const positiveInteger = (field: string, label: string, v: number): void => {
  if (!(Number.isInteger(v) && v >= 1)) throw new SetupError(field, `${label} must be a whole number of at least 1 (got ${v}).`);
};

/**
 * Activation bytes per GPU, Korthikanti et al. (see the top of this file):
 * layers·s·b·h·(34 + 5·a·s/h), or layers·2·s·b·h with full recomputation.
 * Throws SetupError (naming the field) for a count that is not a whole number ≥ 1.
 */
export function activationBytes(a: ActivationSetup): number {
  positiveInteger('layers', 'Layers', a.layers);
  positiveInteger('hidden', 'The hidden size', a.hidden);
  positiveInteger('heads', 'Attention heads', a.heads);
  positiveInteger('sequence', 'The sequence length', a.sequence);
  positiveInteger('microBatch', 'The micro-batch', a.microBatch);
  const sbh = a.sequence * a.microBatch * a.hidden;
  return a.layers * (a.recompute ? 2 * sbh : sbh * (34 + (5 * a.heads * a.sequence) / a.hidden));
}

/**
 * Bytes per GPU for each strategy in STRATEGIES order, by the ZeRO paper's
 * formulas (see the top of this file). Throws SetupError naming the field
 * when the parameters are not a positive number or the GPUs not a whole
 * number ≥ 1.
 */
export function memoryPerGpu(setup: TrainingSetup): MemoryPerGpu[] {
  const { parameters: psi, gpus } = setup;
  if (!(Number.isFinite(psi) && psi > 0)) throw new SetupError('parameters', `The parameters must be a number above 0 (got ${psi}).`);
  positiveInteger('gpus', 'GPUs', gpus);
  const bytes = PRECISIONS[setup.precision].bytes;
  const activations = setup.activations ? activationBytes(setup.activations) : 0;
  return STRATEGIES.map((strategy) => {
    const split = PARTITIONED[strategy];
    const share = (partitioned: boolean, perParameter: number): number => (psi * perParameter) / (partitioned ? gpus : 1);
    const parameters = share(split.parameters, bytes.parameters);
    const gradients = share(split.gradients, bytes.gradients);
    const optimizer = share(split.optimizer, bytes.optimizer);
    return { strategy, parameters, gradients, optimizer, activations, total: parameters + gradients + optimizer + activations };
  });
}
