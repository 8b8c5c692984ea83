/**
 * One open lesson in the page: its cells, the student's edits (kept per
 * lesson in the store, so they survive a reload; only cells that differ from
 * the lesson are kept), the outcomes of cells run, running one cell or all in
 * order with progress and Cancel, Reset (with undo), and Share (a link with
 * the edits). A link's edits are applied once when the lesson opens; the
 * student's own edits, if they differ, are put aside and one click brings
 * them back.
 */
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { parquetInBrowser } from '../../data/parquet-browser';
import { KernelLabError, messageOf } from '../../gpu/errors';
import type { GpuSession } from '../../gpu/session';
import type { SizePreset } from '../../kernels/spec';
import { sampleFetcher } from '../../notebooks/data';
import { isEditable, type Cell, type Lesson } from '../../notebooks/format';
import type { LessonFile } from '../../notebooks/lessons';
import { pageOutcome, type PageOutcome } from '../../notebooks/page-status';
import { LessonError, parseLesson } from '../../notebooks/parse';
import { runCell, type CellOutcome, type LessonEnv } from '../../notebooks/runtime';
import { isLessonFragment, lessonLink, readLessonFragment } from '../../share/lesson-link';
import { getJson, putJson, type Store } from '../../store/store';
import { pageReference } from '../reference';
import type { Log } from './useConsoleLog';
import { useJob } from './useJob';

type Edits = Readonly<Record<string, string>>;

const editsKey = (lesson: string): string => `lesson:${lesson}`;

/** A message over the lesson, with an action that undoes what it reports. */
export interface LessonNotice {
  readonly text: string;
  readonly tone: 'info' | 'problem';
  readonly undo?: { readonly label: string; readonly edits: Edits };
}

/** The page's samples (public/data), fetched by name. */
const fetchSample = sampleFetcher(new URL(import.meta.env.BASE_URL, window.location.href).href);

/** Only the cells whose text differs from the lesson's, and only cells the lesson has. */
function keptEdits(lesson: Lesson, edits: Edits): Record<string, string> {
  return Object.fromEntries(lesson.cells.filter(isEditable).flatMap((c) => (edits[c.id] !== undefined && edits[c.id] !== c.source ? [[c.id, edits[c.id]!]] : [])));
}

export function useLesson(file: LessonFile, session: GpuSession | undefined, store: Store | undefined, log: Log, fallback: boolean) {
  const parsed = useMemo((): { lesson?: Lesson; error?: LessonError | string } => {
    try {
      return { lesson: parseLesson(file.text, file.file) };
    } catch (e) {
      return { error: e instanceof LessonError ? e : messageOf(e) };
    }
  }, [file]);
  const lesson = parsed.lesson;
  const [edits, setEditsState] = useState<Edits>({});
  // Moves whenever the editors must take text from outside (loaded, reset, a link, a solution).
  const [revision, setRevision] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [notice, setNotice] = useState<LessonNotice>();
  // As the page shows them (an untouched exercise's failed check is waiting: notebooks/page-status.ts).
  const [outcomes, setOutcomes] = useState<Readonly<Record<string, PageOutcome>>>({});
  // The cell the last run was cancelled at, for the bar's line.
  const [cancelledAt, setCancelledAt] = useState<string>();
  // What runCell gave, as the next cells read it (a chart reads its run's results).
  const results = useRef(new Map<string, CellOutcome>());
  // Until the student picks one: small on a software adapter (known once the device is), medium elsewhere.
  const [chosenSize, setSize] = useState<SizePreset>();
  const size = chosenSize ?? (fallback ? 'small' : 'medium');
  const [runningCell, setRunningCell] = useState<string>();
  const job = useJob<string>();
  // What the callbacks read: the edits as of the last keystroke.
  const latestEdits = useRef(edits);
  useLayoutEffect(() => {
    latestEdits.current = edits;
  });

  const save = useCallback((next: Edits): void => {
    if (store) void putJson(store, editsKey(file.id), next);
  }, [store, file.id]);

  const replaceEdits = useCallback((next: Edits): void => {
    setEditsState(next);
    save(next);
    setRevision((r) => r + 1);
  }, [save]);

  // The stored edits, then a link's, once per lesson opened.
  useEffect(() => {
    if (!store || !lesson) return;
    // The page keys this hook by lesson, so it loads once per lesson opened.
    let live = true;
    void getJson<Record<string, string>>(store, editsKey(lesson.id)).then((stored) => {
      if (!live) return;
      const mine = keptEdits(lesson, stored && typeof stored === 'object' ? stored : {});
      let next: Edits = mine;
      const hash = window.location.hash;
      if (isLessonFragment(hash)) {
        history.replaceState(history.state, '', window.location.pathname + window.location.search);
        try {
          const link = readLessonFragment(hash);
          if (link.lesson !== lesson.id) throw new KernelLabError('spec', `This link's edits are for the lesson ${link.lesson}, not this one.`);
          const theirs = keptEdits(lesson, link.edits);
          const unknown = Object.keys(link.edits).filter((id) => !lesson.cells.some((c) => c.id === id && isEditable(c)));
          next = theirs;
          const differ = JSON.stringify(mine) !== JSON.stringify(theirs) && Object.keys(mine).length > 0;
          setNotice({
            tone: 'info',
            text: `Opened with the edits from the link (${Object.keys(theirs).length} cell${Object.keys(theirs).length === 1 ? '' : 's'}).${unknown.length > 0 ? ` Cells this lesson does not have were left out: ${unknown.join(', ')}.` : ''}${differ ? ' Your own edits were put aside.' : ''}`,
            ...(differ ? { undo: { label: 'Bring back my edits', edits: mine } } : {}),
          });
          save(next);
        } catch (e) {
          setNotice({ tone: 'problem', text: `${messageOf(e)} Your edits were not changed.` });
        }
      }
      setEditsState(next);
      setRevision((r) => r + 1);
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [store, lesson, save]);

  const setSource = useCallback((cell: string, text: string): void => {
    if (!lesson) return;
    const original = lesson.cells.find((c) => c.id === cell);
    if (!original || !isEditable(original)) return;
    const rest = Object.fromEntries(Object.entries(latestEdits.current).filter(([k]) => k !== cell));
    const next = text === original.source ? rest : { ...rest, [cell]: text };
    latestEdits.current = next;
    setEditsState(next);
    save(next);
  }, [lesson, save]);

  const reset = useCallback((): void => {
    const before = latestEdits.current;
    if (Object.keys(before).length === 0) return;
    replaceEdits({});
    setNotice({ tone: 'info', text: 'Every cell is back to the lesson\'s original.', undo: { label: 'Undo reset', edits: before } });
  }, [replaceEdits]);

  const undo = useCallback((): void => {
    if (!notice?.undo) return;
    replaceEdits(notice.undo.edits);
    setNotice(undefined);
  }, [notice, replaceEdits]);

  /** The link with the current edits; throws ShareLinkError over the size cap. */
  const share = useCallback((): string => lessonLink(file.id, latestEdits.current, window.location.href), [file.id]);

  const env = useCallback((signal: AbortSignal, say: (t: string) => void): LessonEnv | undefined => {
    const ctx = session?.context;
    if (!ctx) return undefined;
    return { device: ctx.device, info: ctx.info, size, signal, onProgress: say, reference: pageReference, parquet: parquetInBrowser, fetchData: fetchSample };
  }, [session, size]);

  const run = useCallback((cells: readonly Cell[]): void => {
    if (!lesson || cells.length === 0) return;
    setCancelledAt(undefined);
    job.start(async (signal, setProgress) => {
      const e = env(signal, (t) => setProgress(t));
      for (const [i, cell] of cells.entries()) {
        const prefix = cells.length > 1 ? `Cell ${i + 1} of ${cells.length} (${cell.id})` : cell.id;
        setRunningCell(cell.id);
        setProgress(`${prefix}: starting`);
        let out: CellOutcome;
        const edited = latestEdits.current[cell.id] !== undefined;
        if (!e) {
          out = { cell: cell.id, type: cell.type, status: 'error', summary: session?.state.status === 'unavailable' ? session.state.message : 'The GPU device is not ready yet.' };
        } else {
          try {
            out = await runCell(lesson, cell, latestEdits.current, results.current, { ...e, onProgress: (t) => setProgress(`${prefix}: ${t}`) });
          } catch (err) {
            if (err instanceof KernelLabError && err.kind === 'cancelled') {
              log('info', `${lesson.id}: cancelled at ${cell.id}.`);
              setCancelledAt(cell.id);
              break;
            }
            out = { cell: cell.id, type: cell.type, status: 'error', summary: messageOf(err) };
          }
        }
        results.current.set(cell.id, out);
        const shown = pageOutcome(out, edited);
        setOutcomes((o) => ({ ...o, [cell.id]: shown }));
        if (out.status === 'error') log('error', `${lesson.id} ${cell.id}: ${out.summary}`);
      }
      setRunningCell(undefined);
    });
  }, [lesson, job, env, session, log]);
  return {
    lesson, error: parsed.error, loaded, edits, revision, setSource, reset, undo, share, notice, dismissNotice: () => setNotice(undefined),
    outcomes, cancelledAt, running: job.running, runningCell, progress: job.progress, cancel: job.cancel,
    runCell: (cell: Cell) => run([cell]), runAll: () => lesson && run(lesson.cells), size, setSize,
    /** Puts text into a cell's editor as from outside (the solution), as one undoable edit. */
    putSource: (cell: string, text: string) => {
      setSource(cell, text);
      setRevision((r) => r + 1);
    },
  };
}

export type LessonState = ReturnType<typeof useLesson>;
