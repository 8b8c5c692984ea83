/**
 * The quantization family: y = W·x (a GEMV, one token through one linear
 * layer) with f32 weights, int8 weights and int4 weights, the last two with
 * one f32 scale per group of G weights along K ("trade accuracy for
 * throughput"). Shapes: W [N, K] (N outputs, K inputs), x [K], y [N].
 *
 * Inputs are made together (`generate`): f32 weights and x from the seed
 * (gemvF32Inputs), then quantized on the CPU (quantizeWeights). The float64
 * reference multiplies x by the dequantized weights the kernel received, so
 * the check measures the kernel; what the format costs is a separate figure,
 * the relative error of the kernel's y against the product with the f32
 * weights (`quantError`).
 */
import f32Source from '../../../shaders/quant/gemv-f32.wgsl?raw';
import int4Source from '../../../shaders/quant/gemv-int4.wgsl?raw';
import int8Source from '../../../shaders/quant/gemv-int8.wgsl?raw';
import type { BufferSpec, FigureContext, KernelSpec, ParamProblem, ParamSpec, Params, Reference, RunFigure } from '../spec';
import { dequantizeWeights, gemv64, gemvF32Inputs, groupProblem, quantizeWeights, relativeError, type QuantBits } from './quantize';

/** The model the tokens/s figure assumes: this many layers, one GEMV of this shape each per token. */
export const TOKEN_LAYERS = 32;

const SHAPE_PARAMS: readonly ParamSpec[] = [
  { name: 'N', label: 'N (rows of W: outputs)', default: 1024, min: 1, max: 16384 },
  { name: 'K', label: 'K (columns of W: inputs)', default: 1024, min: 1, max: 16384 },
];
const GROUP_PARAM: ParamSpec = { name: 'G', label: 'G (group size along K)', default: 32, min: 4, max: 4096, help: 'weights per scale; must divide K' };

const WG_CONSTANT = [{ name: 'WG', default: 64, allowed: [32, 64, 128, 256], help: 'invocations per row (a power of two)' }] as const;

/**
 * Tokens per second if a token took TOKEN_LAYERS GEMVs of this shape (one
 * per layer, batch 1, weights read from memory every token): the throughput
 * a decoder bound by reading its weights would see.
 */
function tokensFigure(medianMs: number): RunFigure {
  return {
    name: 'tokensPerS',
    label: 'tokens/s equivalent',
    value: medianMs > 0 ? 1000 / (medianMs * TOKEN_LAYERS) : Number.NaN,
    unit: 'tokens/s',
    note: `1 / (${TOKEN_LAYERS} × the median): a ${TOKEN_LAYERS}-layer decoder with one GEMV of this shape per layer per token, batch 1`,
  };
}

/** The rule between K and G, worded under the field it concerns. */
function groupProblems(bits: QuantBits) {
  return ({ K = 0, G = 0 }: Params): readonly ParamProblem[] => {
    const problem = groupProblem(K, G, bits);
    return problem ? [{ name: problem.startsWith('G') ? 'G' : 'K', message: problem }] : [];
  };
}

const f32Reference: Reference = ({ w, x }, { N = 0, K = 0 }) => ({ y: gemv64(w!, x!, N, K) });

export const gemvF32: KernelSpec = {
  id: 'quant/gemv-f32',
  family: 'quant',
  title: 'GEMV, f32 weights',
  summary: 'y = W·x with f32 weights, a workgroup per row: the baseline the int8 and int4 GEMVs are measured against.',
  source: f32Source,
  params: SHAPE_PARAMS,
  constants: WG_CONSTANT,
  buffers: [
    { name: 'w', binding: 0, role: 'input', type: 'f32', length: 'N * K', dims: ['N', 'K'] },
    { name: 'x', binding: 1, role: 'input', type: 'f32', length: 'K' },
    { name: 'y', binding: 2, role: 'output', type: 'f32', length: 'N' },
  ],
  uniforms: { binding: 3, fields: [{ name: 'N', type: 'u32', value: 'N' }, { name: 'K', type: 'u32', value: 'K' }] },
  passes: [{ entryPoint: 'main', workgroups: ['N', 1, 1] }],
  cost: { flops: '2 * N * K', bytes: '4 * N * K + 4 * K + 4 * N' },
  workgroupStorage: '4 * WG',
  generate: ({ N = 0, K = 0 }, seed) => {
    const { W, x } = gemvF32Inputs(N, K, seed);
    return { w: W, x };
  },
  reference: f32Reference,
  figures: ({ medianMs }) => [tokensFigure(medianMs)],
  tolerance: 3e-5,
  presets: { small: { N: 256, K: 512 }, medium: { N: 4096, K: 4096 }, large: { N: 11008, K: 4096 } },
};

/** One quantized GEMV spec: int8 or int4, the same buffers, reference and figures. */
function quantGemv(bits: QuantBits, source: string): KernelSpec {
  const per = bits === 8 ? 4 : 8;
  const buffers: readonly BufferSpec[] = [
    { name: 'w', binding: 0, role: 'input', type: 'u32', length: `N * K / ${per}`, dims: ['N', `K / ${per}`] },
    { name: 'scales', binding: 1, role: 'input', type: 'f32', length: 'N * K / G', dims: ['N', 'K / G'] },
    { name: 'x', binding: 2, role: 'input', type: 'f32', length: 'K' },
    { name: 'y', binding: 3, role: 'output', type: 'f32', length: 'N' },
  ];
  const reference: Reference = ({ w, scales, x }, { N = 0, K = 0, G = 1 }) => ({ y: gemv64(dequantizeWeights(w!, scales!, N, K, G, bits), x!, N, K) });
  /** The kernel's y against the product with the f32 weights it was quantized from. */
  const quantFigure = ({ params: { N = 0, K = 0, G = 1 }, seed, inputs, outputs }: FigureContext): RunFigure[] => {
    const { W } = gemvF32Inputs(N, K, seed);
    const { packed } = quantizeWeights(W, N, K, G, bits);
    const given = inputs.w!;
    // Weights fed from elsewhere (loaded data) were not quantized from these f32 weights: no figure.
    for (let i = 0; i < packed.length; i++) if (packed[i] !== given[i]) return [];
    return [{
      name: 'quantError',
      label: 'error against the f32 product',
      value: relativeError(outputs.y!, gemv64(W, inputs.x!, N, K).values),
      unit: 'ratio',
      note: `‖y − y_f32‖ / ‖y_f32‖: this kernel's y against W·x in float64 with the f32 weights before quantization (int${bits}, groups of ${G})`,
    }];
  };
  return {
    id: `quant/gemv-int${bits}`,
    family: 'quant',
    title: `GEMV, int${bits} weights`,
    summary: bits === 8
      ? 'y = W·x with int8 weights (four to a u32) and an f32 scale per group of G along K: a quarter of the bytes, a small error.'
      : 'y = W·x with int4 weights (eight to a u32, offset by 8) and an f32 scale per group of G along K: an eighth of the bytes, a larger error.',
    source,
    params: [...SHAPE_PARAMS, GROUP_PARAM],
    checkParams: groupProblems(bits),
    constants: WG_CONSTANT,
    buffers,
    uniforms: { binding: 4, fields: [{ name: 'N', type: 'u32', value: 'N' }, { name: 'K', type: 'u32', value: 'K' }, { name: 'G', type: 'u32', value: 'G' }] },
    passes: [{ entryPoint: 'main', workgroups: ['N', 1, 1] }],
    // FLOPs of the product alone (as for f32, so GFLOP/s compare); bytes: packed weights, scales, x and y.
    cost: { flops: '2 * N * K', bytes: `N * K * ${bits} / 8 + 4 * N * K / G + 4 * K + 4 * N` },
    workgroupStorage: '4 * WG',
    generate: ({ N = 0, K = 0, G = 1 }, seed) => {
      const { W, x } = gemvF32Inputs(N, K, seed);
      const { packed, scales } = quantizeWeights(W, N, K, G, bits);
      return { w: packed, scales, x };
    },
    reference,
    figures: (run) => [...quantFigure(run), tokensFigure(run.medianMs)],
    tolerance: 3e-5,
    presets: { small: { N: 256, K: 512, G: 32 }, medium: { N: 4096, K: 4096, G: 128 }, large: { N: 11008, K: 4096, G: 128 } },
  };
}

export const gemvInt8 = quantGemv(8, int8Source);
export const gemvInt4 = quantGemv(4, int4Source);
