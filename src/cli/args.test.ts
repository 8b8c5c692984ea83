import { describe, expect, it } from 'vitest';
import { LIBRARY } from '../kernels/library';
import { customKernel } from '../kernels/custom';
import { constantsFor, paramsFor, parseArgs, selectKernels, unusedConstants, unusedParams, UsageError } from './args';
import { planJobs } from './jobs';
import { viteTranspile } from './transpile';

describe('runner arguments', () => {
  it('reads options in both spellings, with defaults', () => {
    const a = parseArgs(['--kernels', 'matmul/*, bandwidth/copy', '--params=M=512,K=2**8', '--size', 'small', '--json', 'r.json', '--kernel-file', 'a.wgsl', '--kernel-file=b.wgsl']);
    expect(a).toEqual({ backend: 'browser', kernels: ['matmul/*', 'bandwidth/copy'], params: { M: 512, K: 256 }, constants: {}, size: 'small', kernelFiles: ['a.wgsl', 'b.wgsl'], json: 'r.json', timeout: 600, calibrate: false, peers: false, sweeps: [], suites: [], notebooks: [], help: false });
    expect(parseArgs([])).toEqual({ backend: 'browser', kernels: undefined, params: {}, constants: {}, size: 'medium', kernelFiles: [], timeout: 600, calibrate: false, peers: false, sweeps: [], suites: [], notebooks: [], help: false });
    expect(parseArgs(['--peers']).peers).toBe(true);
    expect(parseArgs(['--calibrate', '--sweep', 'intensity,stride'])).toMatchObject({ calibrate: true, sweeps: ['intensity', 'stride'] });
    expect(parseArgs(['--help']).help).toBe(true);
    expect(parseArgs(['--constants', 'TILE=8, WG=2**7']).constants).toEqual({ TILE: 8, WG: 128 });
  });

  it('says what is wrong with bad arguments', () => {
    expect(() => parseArgs(['--kernel', 'x'])).toThrow('Unknown option --kernel. Try --help.');
    expect(() => parseArgs(['--json'])).toThrow('--json needs a value.');
    expect(() => parseArgs(['--size', 'huge'])).toThrow('--size must be small, medium or large, not "huge".');
    expect(() => parseArgs(['--params', 'M512'])).toThrow('--params: "M512" is not name=value.');
    expect(() => parseArgs(['--params', 'M=big'])).toThrow('--params: the value of M ("big") is not a number.');
    expect(() => parseArgs(['--constants', 'TILE'])).toThrow('--constants: "TILE" is not name=value.');
    expect(parseArgs(['--timeout', '2.5']).timeout).toBe(2.5);
    expect(() => parseArgs(['--timeout', '0'])).toThrow('--timeout must be a number of seconds above 0, not "0".');
    expect(() => parseArgs(['--json', 'a', '--json', 'b'])).toThrow(UsageError);
    expect(() => parseArgs(['--sweep', 'cache'])).toThrow('--sweep: "cache" is not one of working-set, intensity, stride, matmul-ladder, attention.');
  });

  it('picks the backend: the browser by default, Dawn on request; what needs the page is refused on Dawn', () => {
    expect(parseArgs(['--backend', 'dawn', '--kernels', 'vector/saxpy', '--calibrate', '--sweep', 'stride', '--constants', 'WG=64']).backend).toBe('dawn');
    expect(parseArgs(['--backend=browser', '--peers']).peers).toBe(true);
    expect(() => parseArgs(['--backend', 'cuda'])).toThrow('--backend must be browser or dawn, not "cuda".');
    expect(() => parseArgs(['--backend', 'dawn', '--peers'])).toThrow('--peers measures TensorFlow.js\'s WebGPU backend in the page: it needs the browser (--backend browser), not --backend dawn.');
    expect(() => parseArgs(['--backend', 'dawn', '--suite', 'pump'])).toThrow('--suite pump measures the page\'s pipeline of Parquet batches decoded (the browser build of parquet-wasm), uploaded and computed on, so its rows/s and GPU idle are the page\'s: it needs the browser (--backend browser), not --backend dawn.');
    expect(() => parseArgs(['--backend', 'dawn', '--suite', 'formats,pump'])).toThrow(/^--suite formats measures how the page reads CSV, Arrow IPC and Parquet files from a Blob .*; --suite pump measures .*: they need the browser/);
    // --data is read in Node on either backend.
    expect(parseArgs(['--backend', 'dawn', '--data', 'v.parquet', '--column', 'x']).data).toEqual({ file: 'v.parquet', columns: [{ column: 'x' }] });
    expect(() => parseArgs(['--backend', 'dawn', '--simulate', 'kv'])).toThrow('--simulate kv measures its step times in the page: it needs the browser (--backend browser), not --backend dawn.');
  });

  it('reads --simulate kv with its trace, budget and block size, and refuses them without it', () => {
    expect(parseArgs(['--simulate', 'kv']).simulate).toEqual({ trace: 'public/data/sharegpt-trace.csv', kvMib: 8, blockSize: 16 });
    expect(parseArgs(['--simulate=kv', '--trace', 't.parquet', '--kv-mib', '1.5', '--block-size=32']).simulate).toEqual({ trace: 't.parquet', kvMib: 1.5, blockSize: 32 });
    expect(parseArgs([]).simulate).toBeUndefined();
    expect(() => parseArgs(['--simulate', 'kv-cache'])).toThrow('--simulate: "kv-cache" is not a simulation; there is one, kv');
    expect(() => parseArgs(['--simulate', 'kv', '--kv-mib', '0'])).toThrow('--kv-mib must be a number of MiB above 0, not "0".');
    expect(() => parseArgs(['--simulate', 'kv', '--block-size', '12'])).toThrow('--block-size must be 8, 16 or 32 tokens, not "12".');
    expect(() => parseArgs(['--trace', 't.csv', '--kv-mib', '4'])).toThrow('--trace, --kv-mib set the serving simulation: give --simulate kv too.');
    // --requests: the trace's first n, as the page's "Requests".
    expect(parseArgs(['--simulate', 'kv', '--requests', '200']).simulate).toEqual({ trace: 'public/data/sharegpt-trace.csv', kvMib: 8, blockSize: 16, requests: 200 });
    for (const bad of ['0', '2.5', 'all', ' ']) expect(() => parseArgs(['--simulate', 'kv', '--requests', bad])).toThrow(`--requests must be a whole number of requests ≥ 1 (the trace's first ones), not "${bad}".`);
    expect(() => parseArgs(['--requests', '10'])).toThrow('--requests sets the serving simulation: give --simulate kv too.');
  });

  it('takes {host}, {adapter}, {backend}, {date} and {time} in a results file name, and refuses any other placeholder', () => {
    expect(parseArgs(['--json', 'out/{host}/{adapter}-{backend}-{date}T{time}.json']).json).toBe('out/{host}/{adapter}-{backend}-{date}T{time}.json');
    expect(() => parseArgs(['--parquet', 'out/{host}-{day}.parquet'])).toThrow('--parquet out/{host}-{day}.parquet: {day} is not a placeholder; a file name may hold {host}, {adapter}, {backend}, {date}, {time}.');
    expect(() => parseArgs(['--csv', 'r-{}.csv'])).toThrow('--csv r-{}.csv: {} is not a placeholder');
    // --compare names a file to read: its braces are its own.
    expect(parseArgs(['--compare', 'base-{x}.json']).compare).toBe('base-{x}.json');
  });

  it('takes --name=value for every value option, and -h for --help', () => {
    const a = parseArgs(['--kernels=matmul/naive', '--size=small', '--constants=TILE=8', '--timeout=2.5', '--sweep=stride', '--csv=r.csv', '--compare=base.json', '-h']);
    expect(a).toMatchObject({ kernels: ['matmul/naive'], size: 'small', constants: { TILE: 8 }, timeout: 2.5, sweeps: ['stride'], csv: 'r.csv', compare: 'base.json', help: true });
    // A value that starts with - is given attached, as parseArgs asks.
    expect(parseArgs(['--json=-']).json).toBe('-');
    expect(() => parseArgs(['--json', '--csv', 'r.csv'])).toThrow('--json needs a value, not --csv (for a value that starts with -, write --json=--csv).');
    expect(() => parseArgs(['--json='])).toThrow('--json needs a value.');
  });

  it('repeats --kernel-file and --notebook only; any other option given twice is refused by name', () => {
    expect(parseArgs(['--kernel-file', 'a.wgsl', '--kernel-file=b.wgsl', '--kernel-file', 'c.wgsl']).kernelFiles).toEqual(['a.wgsl', 'b.wgsl', 'c.wgsl']);
    expect(() => parseArgs(['--json', 'a', '--json=b'])).toThrow('--json was given 2 times.');
    expect(() => parseArgs(['--kernels', 'matmul/*', '--kernels', 'vector/*', '--kernels', 'compute'])).toThrow('--kernels was given 3 times.');
    expect(parseArgs(['--peers', '--peers']).peers).toBe(true);
  });

  it('names an unknown option, a stray argument or a flag given a value', () => {
    expect(() => parseArgs(['--nope=1'])).toThrow('Unknown option --nope. Try --help.');
    expect(() => parseArgs(['-x'])).toThrow('Unknown option -x. Try --help.');
    expect(() => parseArgs(['--size', 'small', 'matmul/naive'])).toThrow('Unexpected argument matmul/naive: the runner takes options only. Try --help.');
    expect(() => parseArgs(['--', '--kernels'])).toThrow('Unexpected argument --kernels: the runner takes options only. Try --help.');
    expect(() => parseArgs(['--calibrate=yes'])).toThrow('--calibrate takes no value.');
    for (const bad of [['--nope'], ['-x'], ['stray'], ['--peers=1']]) expect(() => parseArgs(bad)).toThrow(UsageError);
  });

  it('selects kernels by id, glob or family, in library order', () => {
    const ids = (p: string[]) => selectKernels(p, LIBRARY).map((k) => k.id);
    expect(ids(['matmul/naive', 'vector/saxpy'])).toEqual(['vector/saxpy', 'matmul/naive']);
    expect(ids(['matmul/*'])).toEqual(['matmul/naive', 'matmul/tiled', 'matmul/register-blocked', 'matmul/vec4', 'matmul/subgroups', 'matmul/f16']);
    expect(ids(['compute'])).toEqual(['compute/fma', 'compute/fma-f16']);
    expect(ids(['bandwidth/copy*'])).toEqual(['bandwidth/copy', 'bandwidth/copy-vec4']);
    expect(ids(['quant/*', 'lora/*'])).toEqual(['quant/gemv-f32', 'quant/gemv-int8', 'quant/gemv-int4', 'lora/unmerged', 'lora/merged']);
    expect(ids(['*/*'])).toEqual(LIBRARY.map((k) => k.id));
    expect(() => ids(['matmul/tiledx'])).toThrow(/nothing matches "matmul\/tiledx" \(the library has vector\/saxpy, /);
  });

  it('takes a size preset and overrides only the parameters a kernel has', () => {
    const matmul = LIBRARY.find((k) => k.id === 'matmul/naive')!;
    const copy = LIBRARY.find((k) => k.id === 'bandwidth/copy')!;
    expect(paramsFor(matmul, 'small', { M: 7, N: 9 })).toEqual({ M: 7, N: 9, K: 128 });
    expect(paramsFor(copy, 'large', { M: 7 })).toEqual({ N: 1 << 26 });
    expect(paramsFor(LIBRARY.find((k) => k.id === 'quant/gemv-int4')!, 'small', { G: 64 })).toEqual({ N: 256, K: 512, G: 64 });
    expect(unusedParams({ M: 1, Q: 2 }, [matmul, copy])).toEqual(['Q']);
  });

  it('gives each kernel the constants it declares, refusing values its spec does not allow', () => {
    const tiled = LIBRARY.find((k) => k.id === 'matmul/tiled')!;
    const copy = LIBRARY.find((k) => k.id === 'bandwidth/copy')!;
    expect(constantsFor(tiled, { TILE: 8, WG: 64 })).toEqual({ TILE: 8 });
    expect(constantsFor(copy, { TILE: 8, WG: 64 })).toEqual({ WG: 64 });
    expect(() => constantsFor(tiled, { TILE: 12 })).toThrow('--constants: matmul/tiled takes TILE = 4, 8, 16, not 12.');
    expect(unusedConstants({ TILE: 8, WG: 64, BOGUS: 1 }, [tiled, copy])).toEqual(['BOGUS']);
    // A custom kernel's overrides count even when its sidecar does not list them.
    const wgsl = 'override SCALE: f32 = 2.0;\n@group(0) @binding(0) var<storage, read_write> y: array<f32>;\n@compute @workgroup_size(1) fn main() { y[0] = SCALE; }\n';
    const custom = customKernel({ name: 'k', wgsl, sidecar: { params: [{ name: 'N', default: 1 }], buffers: [{ name: 'y', length: '1' }], workgroups: [1], cost: { flops: 0, bytes: 4 } } });
    expect(constantsFor(custom, { SCALE: 0.5 })).toEqual({ SCALE: 0.5 });
  });
});

describe('--notebook', () => {
  it('takes lesson files, repeatedly, and runs no library kernel by default beside them', async () => {
    const args = parseArgs(['--notebook', 'notebooks/01-data-dna.md', '--notebook=notebooks/05-fusion.md', '--size', 'small']);
    expect(args.notebooks).toEqual(['notebooks/01-data-dna.md', 'notebooks/05-fusion.md']);
    expect(await planJobs(args, viteTranspile)).toEqual([]);
    expect(parseArgs([]).notebooks).toEqual([]);
    expect(() => parseArgs(['--notebook'])).toThrow('--notebook needs a value.');
    expect(() => parseArgs(['--backend', 'dawn', '--notebook', 'notebooks/05-fusion.md'])).toThrow('--notebook runs a lesson in the page (its prose, charts and cells): it needs the browser (--backend browser), not --backend dawn.');
  });
});
