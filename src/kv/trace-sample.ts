/**
 * The sample serving trace (public/data/sharegpt-trace.csv and .parquet,
 * written by `npm run samples`): requests arriving as a Poisson process
 * (exponential gaps at a fixed rate) with long-tailed, log-normal prompt and
 * output lengths whose means are those the vLLM paper reports for its
 * ShareGPT workload (Kwon et al., SOSP 2023, §6.1: 161 prompt and 338 output
 * tokens on average). Lengths are drawn again until prompt + output fits the
 * model's context, as the paper's dataset is limited to it. Seeded, so the
 * script writes the same bytes every time.
 */
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, tableToIPC } from 'apache-arrow';
import { uniform, type ParquetWriterModule } from '../data/samples';
import { DEFAULT_MAX_LENGTH, TRACE_COLUMNS, type TraceRequest } from './trace';

export interface TraceShape {
  readonly requests: number;
  /** Poisson arrival rate, requests per second. */
  readonly ratePerS: number;
  /** Means of the prompt and output lengths (tokens), and the log-space spread σ of their log-normal draws. */
  readonly promptMean: number;
  readonly outputMean: number;
  readonly sigma: number;
  readonly maxLength: number;
  readonly seed: number;
}

/**
 * The sample: 1,000 requests at 20 per second. The rate is far above what a
 * server holding the sample's default budget (about 50 sequences) can serve,
 * so requests queue from the first seconds and memory, not arrivals, limits
 * the batch: the regime the paper's memory figure describes.
 */
export const SAMPLE_TRACE: TraceShape = { requests: 1000, ratePerS: 20, promptMean: 161, outputMean: 338, sigma: 1, maxLength: DEFAULT_MAX_LENGTH, seed: 2023 };

export const TRACE_SAMPLE_NAME = 'sharegpt-trace';

/**
 * A synthetic trace of `shape.requests` requests, in arrival order; arrivals rounded to
 * milliseconds (what the CSV keeps). Log-normal X with mean m and spread σ: X = exp(μ + σZ),
 * μ = ln m − σ²/2, Z standard normal (Box–Muller); then both lengths scaled so that the
 * trace's own means are the means asked for (within rounding).
 */
export function generateTrace(shape: TraceShape = SAMPLE_TRACE): TraceRequest[] {
  const next = uniform(shape.seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const logNormal = (mean: number): number => Math.max(1, Math.round(Math.exp(Math.log(mean) - shape.sigma ** 2 / 2 + shape.sigma * normal())));
  const drawn: { arrivalS: number; prompt: number; output: number }[] = [];
  let t = 0;
  for (let i = 0; i < shape.requests; i++) {
    t += -Math.log(1 - next()) / shape.ratePerS;
    let prompt: number;
    let output: number;
    do {
      prompt = logNormal(shape.promptMean);
      output = logNormal(shape.outputMean);
    } while (prompt + output > shape.maxLength);
    drawn.push({ arrivalS: Math.round(t * 1000) / 1000, prompt, output });
  }
  // Fitting to the context trims the tail, and a thousand draws miss their mean by a few percent: scale to the means asked for.
  const mean = (f: (d: (typeof drawn)[number]) => number): number => drawn.reduce((s, d) => s + f(d), 0) / Math.max(1, drawn.length);
  const ps = shape.promptMean / mean((d) => d.prompt);
  const os = shape.outputMean / mean((d) => d.output);
  return drawn.map((d, i) => {
    const promptTokens = Math.min(shape.maxLength - 1, Math.max(1, Math.round(d.prompt * ps)));
    const outputTokens = Math.min(shape.maxLength - promptTokens, Math.max(1, Math.round(d.output * os)));
    return { row: i + 1, arrivalS: d.arrivalS, promptTokens, outputTokens };
  });
}

/** A trace as an Arrow table: arrival_s Float64, prompt_tokens and output_tokens Int32. */
export function traceTable(trace: readonly TraceRequest[]): Table {
  const n = trace.length;
  const children = [
    makeData({ type: new Float64(), length: n, nullCount: 0, data: Float64Array.from(trace, (r) => r.arrivalS) }),
    makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(trace, (r) => r.promptTokens) }),
    makeData({ type: new Int32(), length: n, nullCount: 0, data: Int32Array.from(trace, (r) => r.outputTokens) }),
  ];
  const fields = [new Field(TRACE_COLUMNS.arrival, new Float64(), false), new Field(TRACE_COLUMNS.prompt, new Int32(), false), new Field(TRACE_COLUMNS.output, new Int32(), false)];
  return new Table([new RecordBatch(new Schema(fields), makeData({ type: new Struct(fields), length: n, nullCount: 0, children }))]);
}

export function traceCsv(trace: readonly TraceRequest[]): string {
  const lines = [Object.values(TRACE_COLUMNS).join(','), ...trace.map((r) => `${r.arrivalS},${r.promptTokens},${r.outputTokens}`)];
  return `${lines.join('\n')}\n`;
}

/** The sample trace's files, as `npm run samples` writes them and the data panel lists them. */
export function traceSampleFiles(parquet: ParquetWriterModule, shape: TraceShape = SAMPLE_TRACE): { readonly name: string; readonly bytes: Uint8Array; readonly about: string }[] {
  const trace = generateTrace(shape);
  const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(trace.length).build();
  const about = `a serving trace: ${trace.length.toLocaleString('en-US')} requests, Poisson arrivals at ${shape.ratePerS}/s, log-normal prompt and output lengths (means ${shape.promptMean} and ${shape.outputMean} tokens, as ShareGPT in the vLLM paper)`;
  return [
    { name: `${TRACE_SAMPLE_NAME}.csv`, bytes: new TextEncoder().encode(traceCsv(trace)), about: `CSV, ${about}` },
    { name: `${TRACE_SAMPLE_NAME}.parquet`, bytes: parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(traceTable(trace), 'stream')) as never, props as never), about: 'the same trace as Parquet' },
  ];
}
