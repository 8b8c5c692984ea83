/**
 * Beside the history: export it (JSON for --compare, CSV, Arrow, Parquet) and clear
 * it. Clearing asks first and can be undone until the next kernel is picked,
 * so a stray click loses nothing.
 */
import { useState } from 'react';
import type { RunRecord } from '../bench/run/record';
import { useEscape, useQuestionFocus } from './hooks/useEscape';
import { EXPORT_FORMATS, FORMAT_NAMES, type ExportFormat } from './export';
import { messageOf } from '../gpu/errors';

interface Props {
  readonly kernel: string;
  readonly count: number;
  readonly onExport: (format: ExportFormat) => Promise<void>;
  readonly onClear: () => Promise<readonly RunRecord[]>;
  readonly onRestore: (runs: readonly RunRecord[]) => Promise<void>;
  readonly onError: (message: string) => void;
}

export function HistoryActions({ kernel, count, onExport, onClear, onRestore, onError }: Props) {
  // The kernel whose clearing awaits a yes: picking another kernel drops the question.
  const [asking, setAsking] = useState<string>();
  const confirming = asking === kernel;
  useEscape(confirming, () => setAsking(undefined));
  const { asker, safe } = useQuestionFocus(confirming);
  const [cleared, setCleared] = useState<{ kernel: string; runs: readonly RunRecord[] }>();
  const [busy, setBusy] = useState(false);

  const act = (work: () => Promise<void>): void => {
    setBusy(true);
    work()
      .catch((e: unknown) => onError(messageOf(e)))
      .finally(() => setBusy(false));
  };
  const undo = cleared?.kernel === kernel ? cleared.runs : undefined;

  return (
    <div className="history-actions">
      {EXPORT_FORMATS.map((f) => (
        <button key={f} type="button" className="link" disabled={count === 0 || busy} onClick={() => act(() => onExport(f))}>
          Export {FORMAT_NAMES[f]}
        </button>
      ))}
      {confirming ? (
        <span className="confirm" role="group" aria-label="Clear the history?">
          Delete {count} run{count === 1 ? '' : 's'} of {kernel}?{' '}
          <button type="button" className="danger" disabled={busy} onClick={() => act(async () => {
            const runs = await onClear();
            setCleared({ kernel, runs });
            setAsking(undefined);
          })}>Delete</button>{' '}
          <button type="button" ref={safe} onClick={() => setAsking(undefined)}>Keep</button>
        </span>
      ) : undo && undo.length > 0 && count === 0 ? (
        <button type="button" className="link" disabled={busy} onClick={() => act(async () => {
          await onRestore(undo);
          setCleared(undefined);
        })}>Undo clear ({undo.length})</button>
      ) : (
        <button type="button" className="link" ref={asker} disabled={count === 0 || busy} onClick={() => setAsking(kernel)}>Clear…</button>
      )}
    </div>
  );
}
