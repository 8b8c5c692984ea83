/**
 * The paged KV cache kernels beyond the library's shape sweep (Dawn): paged
 * and contiguous decode agree with each other on the same tokens, the
 * inputs really are a block manager's (shuffled blocks, shared prefixes),
 * the mistakes these kernels invite fail the check, and the cost models and
 * the memory each allocates.
 */
import { describe, expect, it } from 'vitest';
import { runKernel } from '../../bench/run/run';
import { testGpu } from '../../test/dawn';
import { compileExpr } from '../expr';
import { decodeLengths } from '../generators';
import { findKernel } from '../library';
import { plannedMemory, planKernel, validateParams } from '../plan';
import { defaultConstants, type KernelSpec, type Params } from '../spec';
import { kvParamProblems } from './common';

const spec = (id: string): KernelSpec => findKernel(id)!;
const QUICK = { warmup: 0, minSamples: 1, maxSamples: 1, timeCapMs: 200, targetSampleMs: 1 } as const;
const plan = (id: string, params: Params) => planKernel(spec(id), params, defaultConstants(spec(id)));
const bufferOf = (contents: { buffers: readonly { name: string; start?: ArrayLike<number>; got?: ArrayLike<number> }[] }, name: string) => contents.buffers.find((b) => b.name === name)!;

describe('paged and contiguous decode agree (Dawn)', () => {
  // Lengths 700, 467, 234, 1: a one-token sequence, none a multiple of 16, the longest past a 512-token partition.
  const params = { S: 4, H: 4, Hkv: 2, L: 700, d: 64 };

  it('on the same tokens, read through a block manager\'s shuffled, shared blocks or from contiguous rows', async () => {
    const { device, info } = await testGpu();
    expect(decodeLengths(4, 700)).toEqual([700, 467, 234, 1]);
    // A fixed seed, whose batch (checked below) has forked sequences sharing prefix blocks.
    const paged = await runKernel(device, info, spec('kv/paged-decode'), { params: { ...params, bs: 16 }, timing: QUICK, seed: 11 });
    expect(paged.check.correct).toBe(true);
    const table = bufferOf(paged.contents, 'block_table').start!;
    const lens = bufferOf(paged.contents, 'context_lens').start!;
    const maxBlocks = Math.ceil(700 / 16);
    const rows = Array.from(lens, (len, s) => Array.from(table).slice(s * maxBlocks, s * maxBlocks + Math.ceil(len / 16)));
    const all = rows.flat();
    expect(new Set(all).size, 'some blocks are shared').toBeLessThan(all.length);
    expect(rows[0], 'blocks are not handed out in order').not.toEqual([...rows[0]!].sort((a, b) => a - b));

    // The same tokens laid out contiguously: sequence s's token j at row s·L + j.
    const rowValues = 2 * 64;
    const gather = (name: string): Float32Array => {
      const pool = bufferOf(paged.contents, name).start as Float32Array;
      const out = new Float32Array(4 * 700 * rowValues);
      rows.forEach((blocks, s) => {
        for (let j = 0; j < lens[s]!; j++) {
          const slot = blocks[Math.floor(j / 16)]! * 16 + (j % 16);
          out.set(pool.subarray(slot * rowValues, (slot + 1) * rowValues), (s * 700 + j) * rowValues);
        }
      });
      return out;
    };
    const feed = (buffer: string, values: Float32Array | Uint32Array) => ({ buffer, values, file: 'paged run', column: buffer, rows: values.length });
    const contiguous = await runKernel(device, info, spec('kv/contiguous-decode'), {
      params,
      timing: QUICK,
      data: [feed('q', Float32Array.from(bufferOf(paged.contents, 'q').start!)), feed('k_cache', gather('k_cache')), feed('v_cache', gather('v_cache'))],
    });
    expect(contiguous.check.correct).toBe(true);
    const a = bufferOf(paged.contents, 'o').got!;
    const b = bufferOf(contiguous.contents, 'o').got!;
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < a.length; i++) {
      diff += (a[i]! - b[i]!) ** 2;
      norm += b[i]! ** 2;
    }
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-6);
  });
});

describe('the check catches the mistakes these kernels invite (Dawn)', () => {
  const cases: readonly { id: string; params: Params; constants?: Params; what: string; from: string; to: string }[] = [
    {
      id: 'kv/paged-decode',
      params: { S: 4, H: 2, Hkv: 1, L: 300, d: 16, bs: 16 },
      what: 'the block table ignored: tokens read as if each sequence were contiguous in the pool',
      from: 'return ((physical * shape.block_size + j % shape.block_size) * shape.Hkv + kvh) * shape.d;',
      to: 'return ((s * shape.max_blocks * shape.block_size + j + 0u * physical) * shape.Hkv + kvh) * shape.d;',
    },
    {
      id: 'kv/paged-decode',
      params: { S: 2, H: 1, Hkv: 1, L: 700, d: 16, bs: 8 },
      constants: { PARTITION: 64 },
      what: 'partitions summed without rescaling to the common maximum',
      from: 'acc += part_o[(first + t) * d + c] * exp(part_ml[2u * (first + t)] - mAll);',
      to: 'acc += part_o[(first + t) * d + c];',
    },
    {
      id: 'kv/paged-decode',
      params: { S: 4, H: 2, Hkv: 1, L: 300, d: 16, bs: 16 },
      what: 'a sequence\'s partial last block read to its end (block_size tokens, not its length)',
      from: 'let n = min(PARTITION, len - j0);',
      to: 'let n = min(PARTITION, (len + shape.block_size - 1u) / shape.block_size * shape.block_size - j0);',
    },
    {
      id: 'kv/append',
      params: { S: 5, N: 3, L: 40, Hkv: 2, d: 16, bs: 16 },
      what: 'the slot mapping ignored: token t written to slot t',
      from: 'let at = slot_mapping[t] * shape.row + i % shape.row;',
      to: 'let at = i + 0u * slot_mapping[t];',
    },
  ];
  for (const c of cases) {
    it(`${c.id}: ${c.what}`, async () => {
      const { device, info } = await testGpu();
      const base = spec(c.id);
      expect(base.source).toContain(c.from);
      const { check } = await runKernel(device, info, base, { params: c.params, ...(c.constants ? { constants: c.constants } : {}), source: base.source.replace(c.from, c.to), timing: QUICK, seed: 20261214 });
      expect(check.correct).toBe(false);
      expect(check.scaledError).toBeGreaterThan(10 * Math.max(base.tolerance, 1e-6));
    });
  }
});

describe('parameters, cost models and memory', () => {
  it('refuses a block size other than 8, 16 or 32 under bs, and Hkv that does not divide H', () => {
    // The form names the allowed sizes, inside the range or out of it (a field's own problem, before the rules between fields).
    for (const bs of [12, 64]) expect(validateParams(spec('kv/paged-decode'), { S: 2, H: 4, Hkv: 3, L: 10, d: 8, bs })).toEqual([{ name: 'bs', message: `bs (block size) must be 8, 16 or 32 (got ${bs}).` }]);
    expect(validateParams(spec('kv/paged-decode'), { S: 2, H: 4, Hkv: 3, L: 10, d: 8, bs: 16 })).toEqual([
      { name: 'Hkv', message: 'Hkv (key/value heads) must divide H (query heads), so that each key/value head serves H / Hkv query heads; with H = 4 it can be 1, 2, 4 (got 3).' },
    ]);
    expect(kvParamProblems({ bs: 12 })).toEqual([{ name: 'bs', message: 'The block size must be 8, 16 or 32 tokens (got 12).' }]);
    expect(validateParams(spec('kv/append'), { S: 2, N: 1, L: 10, Hkv: 3, d: 8, bs: 32 })).toEqual([]);
  });

  it('gives paged and contiguous decode the same FLOPs and bytes: the problem\'s, summed over the batch\'s lengths', () => {
    const p = { S: 4, H: 4, Hkv: 2, L: 700, d: 64 };
    const tokens = 700 + 467 + 234 + 1;
    const paged = plan('kv/paged-decode', { ...p, bs: 16 });
    const contiguous = plan('kv/contiguous-decode', p);
    expect(paged.flops).toBe(4 * (tokens * (4 * 64 + 5) + 4 * 64));
    expect(paged.bytes).toBe(4 * (2 * 4 * 4 * 64 + 2 * tokens * 2 * 64 + 4));
    expect([contiguous.flops, contiguous.bytes]).toEqual([paged.flops, paged.bytes]);
    expect(plan('kv/append', { S: 5, N: 3, L: 40, Hkv: 2, d: 64, bs: 16 })).toMatchObject({ flops: 0, bytes: 16 * 15 * 2 * 64 + 4 * 15 });
  });

  it('has the paged cache allocate for the tokens held, the contiguous one for S·L', () => {
    const p = { S: 16, H: 32, Hkv: 8, L: 2048, d: 128 };
    const cacheBytes = (id: string, params: Params) => plannedMemory(plan(id, params)).buffers.filter((b) => b.name.endsWith('_cache')).reduce((a, b) => a + b.bytes, 0);
    const tokens = compileExpr('S * L - floor((L - 1) / max(S - 1, 1)) * S * (S - 1) / 2').evaluate(p);
    expect(cacheBytes('kv/contiguous-decode', p)).toBe(2 * 16 * 2048 * 8 * 128 * 4);
    expect(cacheBytes('kv/paged-decode', { ...p, bs: 16 })).toBe(2 * (Math.ceil(tokens / 16) + 16) * 16 * 8 * 128 * 4);
    // Lengths falling from L to 1 hold about half of S·L.
    expect(cacheBytes('kv/paged-decode', { ...p, bs: 16 }) / cacheBytes('kv/contiguous-decode', p)).toBeLessThan(0.55);
  });
});
