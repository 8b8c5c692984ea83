import { useEffect, useState } from 'react';
import { formatsEntries, pumpEntries } from '../../bench/suites/data-entries';
import { FORMATS_SIZES, measureFormats, type FormatsReport } from '../../bench/suites/formats';
import { measureParquetColumn, type ParquetColumnReading } from '../../bench/suites/parquet-column';
import { measurePump, PUMP_SIZES, pumpBatchRows, type PumpReport } from '../../bench/suites/pump-suite';
import type { ResultEntry } from '../../bench/results/schema';
import { parquetInBrowser } from '../../data/parquet-browser';
import { CancelledError, messageOf } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import type { SizePreset } from '../../kernels/spec';
import { getJson, putJson, type Store } from '../../store/store';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

const FORMATS_KEY = 'data-lessons:formats';
const PUMP_KEY = 'data-lessons:pump';

export interface FormatsResult {
  readonly report: FormatsReport;
  readonly column: readonly ParquetColumnReading[];
  readonly entries: readonly ResultEntry[];
}

export interface PumpResult {
  readonly report: PumpReport;
  readonly entries: readonly ResultEntry[];
}

/**
 * The two data lessons' measurements in the page: formats (the same table as
 * CSV, Arrow and Parquet three ways, and a Parquet column beside hyparquet)
 * and the pump (batches streamed to the GPU at each prefetch depth). The
 * suites report progress in words; Cancel is honoured at the next report
 * (they take no AbortSignal), which comes every few hundred milliseconds.
 * The last result of each is kept in the store, so a reload shows it again.
 */
export function useDataLessons(session: GpuSession | undefined, store: Store | undefined, log: Log) {
  const job = useJob<string>();
  const [formats, setFormats] = useState<FormatsResult>();
  const [pump, setPump] = useState<PumpResult>();

  useEffect(() => {
    if (!store) return;
    void getJson<FormatsResult>(store, FORMATS_KEY).then((saved) => saved && setFormats((now) => now ?? saved));
    void getJson<PumpResult>(store, PUMP_KEY).then((saved) => saved && setPump((now) => now ?? saved));
  }, [store]);

  const keep = (key: string, value: FormatsResult | PumpResult): void => {
    if (store) void putJson(store, key, value).catch((e: unknown) => log('warn', `This result will not survive a reload (${messageOf(e)}).`));
  };
  const [problem, setProblem] = useState<{ lesson: 'formats' | 'pump'; message: string }>();

  const progressIn = (signal: AbortSignal, set: (t: string) => void) => (text: string): void => {
    if (signal.aborted) throw new CancelledError();
    set(text);
  };

  const measureFormatsHere = (size: SizePreset): void => {
    job.start(async (signal, setProgress) => {
      setProblem(undefined);
      const onProgress = progressIn(signal, (t) => setProgress(t));
      try {
        const pq = await parquetInBrowser();
        const { rows, columnRows } = FORMATS_SIZES[size];
        const report = await measureFormats(pq, { rows, onProgress });
        const column = await measureParquetColumn(pq, { rows: columnRows, onProgress: (t) => onProgress(`Parquet → f32 column: ${t}`) });
        const result = { report, column, entries: formatsEntries(report, column) };
        setFormats(result);
        keep(FORMATS_KEY, result);
        log('info', `Formats measured at ${rows.toLocaleString('en')} rows.`);
      } catch (e) {
        setProblem({ lesson: 'formats', message: e instanceof CancelledError ? 'Cancelled.' : messageOf(e) });
      }
    });
  };

  const measurePumpHere = (size: SizePreset): void => {
    const device = session?.context?.device;
    if (!device) {
      setProblem({ lesson: 'pump', message: 'The pump needs the GPU device, which is not ready.' });
      return;
    }
    job.start(async (signal, setProgress) => {
      setProblem(undefined);
      try {
        const pq = await parquetInBrowser();
        const { rows } = PUMP_SIZES[size];
        const report = await measurePump(device, pq, { rows, batchRows: pumpBatchRows(size, rows), onProgress: progressIn(signal, (t) => setProgress(t)) });
        const result = { report, entries: pumpEntries(report) };
        setPump(result);
        keep(PUMP_KEY, result);
        log(report.correct ? 'info' : 'warn', `The pump: ${report.batches} batches at K = ${report.k}${report.correct ? '' : `; ${report.problem ?? 'a batch was wrong'}`}.`);
      } catch (e) {
        setProblem({ lesson: 'pump', message: e instanceof CancelledError ? 'Cancelled.' : messageOf(e) });
      }
    });
  };

  return { running: job.running, progress: job.progress, cancel: job.cancel, formats, pump, problem, measureFormats: measureFormatsHere, measurePump: measurePumpHere };
}

export type DataLessons = ReturnType<typeof useDataLessons>;
