/**
 * The data files loaded in the page: picked, dropped, downloaded from this
 * site or taken from the samples; decoded in a Worker (never on the main
 * thread) with progress and Cancel; kept in IndexedDB so they come back after
 * a reload. A file that cannot be read gets one sentence naming it and the
 * reason, and every file loaded before stays as it was.
 */
import type { Table } from 'apache-arrow';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DecodeTimings, DataDecoder } from '../../data/decode';
import { decodeInBrowserWorker } from '../../data/decode-in-browser-worker';
import type { DataInfo } from '../../data/info';
import type { ColumnStats } from '../../data/stats';
import { KernelLabError, messageOf } from '../../gpu/errors';
import type { Store } from '../../store/store';
import { download, nameOfUrl, readBlob, sameOriginUrl } from '../read-bytes';
import { countOf, formatTime } from '../format';
import type { Log } from './useConsoleLog';

export interface LoadedDataFile {
  readonly name: string;
  readonly table: Table;
  readonly info: DataInfo;
  readonly stats: readonly ColumnStats[];
  /** Where the Worker spent its time. */
  readonly ms: DecodeTimings;
  /** Why it is not kept for the next visit (the cap, no storage); absent when it is. */
  readonly notKept?: string;
}

export interface DataLoading {
  readonly name: string;
  readonly phase: 'reading' | 'downloading' | 'decoding';
  /** Bytes read so far, and the total when known. */
  readonly done: number;
  readonly total: number | undefined;
  /** When this phase began (ms since the epoch). */
  readonly since: number;
  /** Restoring the files kept from the last visit. */
  readonly restoring: boolean;
}

/** One sentence about the file that could not be loaded. */
export interface DataProblemNote {
  readonly file: string;
  readonly message: string;
}

/** A sample dataset, as public/data/index.json lists it. */
export interface SampleDataset {
  readonly name: string;
  readonly bytes: number;
  readonly about: string;
}

export interface DataFiles {
  readonly files: readonly LoadedDataFile[];
  readonly selected: LoadedDataFile | undefined;
  readonly loading: DataLoading | undefined;
  readonly problem: DataProblemNote | undefined;
  readonly samples: readonly SampleDataset[];
  /** Still bringing back the files kept from the last visit. */
  readonly restoring: boolean;
  loadFiles(files: readonly File[]): void;
  loadUrl(text: string): void;
  loadSample(name: string): void;
  cancel(): void;
  remove(name: string): void;
  select(name: string): void;
}

const SELECTED_KEY = 'dataSelected';
const SAMPLES = `${import.meta.env.BASE_URL}data/`;
/** Progress repaints at most this often (ms): a 100 MB file arrives in hundreds of chunks. */
const PROGRESS_EVERY_MS = 100;

interface Source {
  readonly name: string;
  /** The file's bytes as a Blob: a File as it is, or downloaded. */
  blob(signal: AbortSignal, onProgress: (done: number, total: number | undefined) => void): Promise<Blob>;
  readonly download: boolean;
  /** Already kept (restored from the store): not written again. */
  readonly kept: boolean;
}

export function useDataFiles(store: Store | undefined, log: Log): DataFiles {
  const [files, setFiles] = useState<readonly LoadedDataFile[]>([]);
  const [selectedName, setSelectedName] = useState<string>();
  const [loading, setLoading] = useState<DataLoading>();
  const [problem, setProblem] = useState<DataProblemNote>();
  const [samples, setSamples] = useState<readonly SampleDataset[]>([]);
  const [restoring, setRestoring] = useState(false);
  const decoder = useRef<DataDecoder | undefined>(undefined);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const current = useRef<AbortController | undefined>(undefined);
  /** Bumped by Cancel: loads queued before it do not start. */
  const generation = useRef(0);

  useEffect(() => () => decoder.current?.close(), []);

  useEffect(() => {
    let live = true;
    void fetch(`${SAMPLES}index.json`).then((r) => (r.ok ? r.json() : [])).then((list: unknown) => {
      if (live && Array.isArray(list)) setSamples(list.filter((s): s is SampleDataset => typeof s === 'object' && s !== null && typeof (s as SampleDataset).name === 'string'));
    }).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const loadOne = useCallback(async (source: Source, restoringNow: boolean): Promise<void> => {
    const controller = new AbortController();
    current.current = controller;
    const { signal } = controller;
    const name = source.name;
    let shown = 0;
    const progress = (phase: DataLoading['phase']) => (done: number, total: number | undefined): void => {
      const now = performance.now();
      if (now - shown < PROGRESS_EVERY_MS && done !== total) return;
      shown = now;
      setLoading((l) => ({ name, phase, done, total, since: l?.phase === phase && l.name === name ? l.since : Date.now(), restoring: restoringNow }));
    };
    try {
      progress(source.download ? 'downloading' : 'reading')(0, undefined);
      const blob = await source.blob(signal, progress('downloading'));
      const bytes = await readBlob(blob, signal, progress('reading'));
      setLoading({ name, phase: 'decoding', done: bytes.length, total: bytes.length, since: Date.now(), restoring: restoringNow });
      decoder.current ??= decodeInBrowserWorker();
      const decoded = await decoder.current.decode(bytes, name, { signal });
      let notKept: string | undefined;
      if (store && !source.kept) {
        try {
          await store.putDataFile({ name, blob, bytes: blob.size, savedAt: new Date().toISOString() });
          if (!store.persistent) notKept = `${name} is loaded for this visit only: ${store.reason ?? 'this browser keeps nothing for the page.'}`;
        } catch (e) {
          notKept = messageOf(e);
        }
      }
      const entry: LoadedDataFile = { name, table: decoded.table, info: decoded.info, stats: decoded.stats, ms: decoded.ms, ...(notKept ? { notKept } : {}) };
      setFiles((fs) => [...fs.filter((f) => f.name !== name), entry]);
      setSelectedName(name);
      setProblem((p) => (p?.file === name ? undefined : p));
      const { info } = decoded;
      log('info', `${name}: ${restoringNow ? 'restored' : 'loaded'}, ${countOf(info.rows, 'row')} × ${countOf(info.columns.length, 'column')} (${info.format}, decoded in a Worker in ${formatTime(decoded.ms.decode)}).`);
      if (notKept) log('warn', notKept);
    } catch (e) {
      if (e instanceof KernelLabError && e.kind === 'cancelled') {
        log('info', `${name}: loading cancelled; the files loaded before are as they were.`);
      } else {
        const message = messageOf(e);
        setProblem({ file: name, message: restoringNow ? `${message} (This file was kept from your last visit; remove it if it no longer loads.)` : message });
        log('error', message);
      }
    } finally {
      if (current.current === controller) current.current = undefined;
      setLoading(undefined);
    }
  }, [store, log]);

  /** Loads in order, one at a time; Cancel drops the ones still waiting. A new load by the user clears the last problem. */
  const enqueue = useCallback((sources: readonly Source[], restoringNow = false): void => {
    const at = generation.current;
    if (!restoringNow) setProblem(undefined);
    for (const s of sources) {
      queue.current = queue.current.then(() => (generation.current === at ? loadOne(s, restoringNow) : undefined));
    }
  }, [loadOne]);

  // The files kept from the last visit come back, decoded again.
  useEffect(() => {
    if (!store) return;
    let live = true;
    void (async () => {
      const [kept, last] = await Promise.all([store.listDataFiles().catch(() => []), store.getSetting(SELECTED_KEY).catch(() => undefined)]);
      if (!live || kept.length === 0) return;
      setRestoring(true);
      enqueue(kept.map((f) => ({ name: f.name, blob: async () => f.blob, download: false, kept: true })), true);
      queue.current = queue.current.then(() => {
        setRestoring(false);
        if (last) setSelectedName((s) => (kept.some((f) => f.name === last) ? last : s));
      });
    })();
    return () => {
      live = false;
    };
  }, [store, enqueue]);

  useEffect(() => {
    if (store && selectedName && !restoring) void store.putSetting(SELECTED_KEY, selectedName).catch(() => undefined);
  }, [store, selectedName, restoring]);

  const loadFiles = useCallback((list: readonly File[]) => {
    enqueue(list.map((f) => ({ name: f.name, blob: async () => f, download: false, kept: false })));
  }, [enqueue]);

  const fromUrl = useCallback((url: URL): Source => ({ name: nameOfUrl(url), blob: (signal, onProgress) => download(url, signal, onProgress), download: true, kept: false }), []);

  const loadUrl = useCallback((text: string) => {
    let url: URL;
    try {
      url = sameOriginUrl(text, window.location);
    } catch (e) {
      setProblem({ file: text, message: messageOf(e) });
      return;
    }
    enqueue([fromUrl(url)]);
  }, [enqueue, fromUrl]);

  const loadSample = useCallback((name: string) => enqueue([fromUrl(new URL(`${SAMPLES}${encodeURIComponent(name)}`, window.location.href))]), [enqueue, fromUrl]);

  const cancel = useCallback(() => {
    generation.current++;
    current.current?.abort();
  }, []);

  const remove = useCallback((name: string) => {
    setFiles((fs) => fs.filter((f) => f.name !== name));
    setSelectedName((s) => (s === name ? undefined : s));
    void store?.deleteDataFile(name).catch((e: unknown) => log('warn', `${name}: could not be removed from the kept files (${messageOf(e)}).`));
    log('info', `${name}: removed from the loaded data.`);
  }, [store, log]);

  const selected = files.find((f) => f.name === selectedName) ?? files.at(-1);
  return { files, selected, loading, problem, samples, restoring, loadFiles, loadUrl, loadSample, cancel, remove, select: setSelectedName };
}
