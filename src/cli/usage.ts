/**
 * The runner's --help texts: `npm run bench` (both backends) and the single
 * folder's `node kernel-lab-bench.mjs` (Dawn only, so its text says nothing of
 * a browser and lists no option it refuses). The options both take are
 * written once.
 */
import { SIMULATE_DEFAULTS } from './args';

/** The options of the runner on either backend, in the order --help lists them; `timeout` is each backend's own line. */
const commonOptions = (timeout: string): string => `  --kernels <list>        ids or globs, comma-separated (e.g. 'matmul/*,bandwidth/copy');
                          default: the whole library, unless --kernel-file, --calibrate or
                          --sweep asks for other work
  --size small|medium|large
                          per-kernel size presets (default: medium; small is quick on CPU adapters)
  --params k=v,...        override parameters (e.g. M=512,N=512,K=256; values may be expressions like 2**20)
  --constants k=v,...     set WGSL override constants (e.g. TILE=8,WG=128) in every selected kernel
                          that has them; a library kernel takes only the values it lists
  --kernel-file <f.wgsl>  your own kernel, described by f.json beside it (repeatable)
  --json <file>           write results as JSON (schema kernel-lab/results@1); in every file name
                          {host}, {adapter} and {backend} become this machine's, {date} and {time} the
                          run's start (UTC: 2026-12-01, 142530); missing folders are made
  --csv <file>            write results as CSV
  --parquet <file>        write results as Parquet
  --arrow <file>          write results as an Arrow IPC file
  --compare <base.json>   print each result's speed against a baseline results file
  --calibrate             measure this device's ceilings first (best copy GB/s, FMA GFLOP/s);
                          results then carry roofFraction, and the JSON the ceilings
  --timeout <seconds>     give up on a kernel run after this long (default 600): an endless loop
${timeout}
  --sweep <list>          sweeps: working-set, intensity, stride, matmul-ladder, attention (comma-separated)
  --data <file>           a Parquet, Arrow IPC or CSV file (the format is read from its bytes); with --column,
                          its columns feed the kernels' input buffers, and a size parameter that alone sets
                          such a buffer's length follows the column's rows
  --column <name>         the column for each kernel's first input buffer; or buf=name,... for named buffers
  --fill <value>          a column's nulls become this value (without it, a column with nulls is refused)`;

const EXIT_STATUS = `Exit status: 0 all correct; 1 a kernel was incorrect or failed; 2 bad arguments or unreadable input, or a
results file that could not be written (the other files are still written).`;

/** `npm run bench -- --help`. */
export const USAGE = `Usage: npm run bench -- [options]

Runs kernels in headless Chromium (WebGPU) with the same code as the page:
check against the CPU reference, then time them. With --backend dawn, the same
code runs on Dawn in Node, with no browser.

  --backend browser|dawn  browser (default): headless Chromium; dawn: Dawn (the webgpu package) in Node, in a
                          child process that runs kernel after kernel until one times out or the process fails
                          (then a new one starts); Vulkan drivers from VK_ICD_FILENAMES / VK_DRIVER_FILES

${commonOptions(`                          wedges the GPU, so the browser (on Dawn, the Dawn process) is killed, a new one
                          started, and the next kernel runs`)}
  --peers                 also measure TensorFlow.js's WebGPU matMul (peer/tfjs-matmul) at every
                          matmul shape run, and print our best variant's ratio to it (browser only)
  --suite <list>          data suites (browser only): formats (CSV, Arrow IPC, Parquet: size, load and decode;
                          one column of twenty; Parquet to an f32 column beside hyparquet), pump (record batches
                          streamed to the GPU at prefetch depths 0, 1, 2, 4: rows/s and GPU idle)
  --rows <n>              rows of the suites' tables (default: from --size)
  --simulate kv           the serving simulation (browser only): a request trace served by static batching with
                          reserved memory (reserved) and by continuous batching on the paged KV cache
                          (paged) on the same KV budget, step times measured on this device; prints
                          tokens/s, KV utilization, concurrency, TTFT and TPOT per policy
  --trace <file>          the trace for --simulate: Parquet, Arrow IPC or CSV with columns arrival_s,
                          prompt_tokens, output_tokens (default: ${SIMULATE_DEFAULTS.trace})
  --kv-mib <MiB>          --simulate's KV memory budget (default ${SIMULATE_DEFAULTS.kvMib}; 512 bytes per token)
  --block-size <n>        --simulate's paged block size: 8, 16 or 32 tokens (default ${SIMULATE_DEFAULTS.blockSize})
  --requests <n>          --simulate only the trace's first n requests (default: all)
  --notebook <file.md>    run every cell of a lesson (notebooks/*.md) in order and print each cell's
                          outcome (browser only); an exercise passes when its check fails untouched and
                          passes with its solution (repeatable; with --size small for a CPU adapter)
  --help                  this text

${EXIT_STATUS}`;

/** `node kernel-lab-bench.mjs --help`, in the single folder (bench-folder.ts). */
export const FOLDER_USAGE = `Usage: node kernel-lab-bench.mjs [options]

Runs kernels on Dawn (the webgpu package's dawn.node, in this folder) in Node,
with no browser: check against the CPU reference, then time them. Dawn runs in
a child process that runs kernel after kernel until one times out or the
process fails; then a new one starts. Dawn finds the GPU through the Vulkan
loader (the system's libvulkan.so.1, or vulkan/libvulkan.so.1 in this folder)
and the drivers named by VK_ICD_FILENAMES / VK_DRIVER_FILES.

${commonOptions(`                          wedges the GPU, so the Dawn process is killed, a new one started, and the
                          next kernel runs`)}
  --backend dawn          accepted, and the only backend here
  --help                  this text

--peers, --suite, --simulate and --notebook run in the browser: run them from a
checkout of Kernel Lab (npm run bench), not from this folder.

${EXIT_STATUS}`;
