/**
 * The data panel, above the parameters: load a Parquet, Arrow IPC or CSV
 * file (picker, drop anywhere on the page, an address on this site, or a
 * sample), watch it read and decode with Cancel, and see what was loaded
 * (DataFileView). Folded to one line until opened, so Run and the verdict keep
 * the first screen on a projector; it opens by itself when a file arrives.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatBytes } from '../gpu/format';
import { DataFileView } from './DataFileView';
import { countOf } from './format';
import type { DataFiles, DataLoading } from './hooks/useDataFiles';
import { useFileDrop } from './hooks/useFileDrop';
import './data-panel.css';

const OPEN_KEY = 'kernel-lab-data-open';
/** What the picker offers first; any file may still be chosen (the format is read from the bytes). */
const ACCEPT = '.parquet,.pq,.arrow,.feather,.arrows,.ipc,.csv,.tsv,.txt';

function LoadingLine({ loading, onCancel }: { loading: DataLoading; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((now - loading.since) / 1000));
  const verb = loading.phase === 'decoding' ? 'Decoding' : loading.phase === 'downloading' ? 'Downloading' : 'Reading';
  const amount = loading.total ? `${formatBytes(loading.done)} of ${formatBytes(loading.total)}` : loading.done > 0 ? formatBytes(loading.done) : '';
  return (
    <div className="progress data-progress" role="status" data-testid="data-progress">
      <span>
        {loading.restoring ? 'Restoring ' : ''}{verb} <strong>{loading.name}</strong>
        {loading.phase === 'decoding' ? ' in a Worker (the page stays usable)' : amount ? `: ${amount}` : ''}…
        {seconds >= 2 && <span className="muted"> ({seconds} s)</span>}
      </span>
      {loading.phase !== 'decoding' && loading.total ? <progress max={loading.total} value={loading.done} aria-label={`${verb} ${loading.name}`} /> : <progress aria-label={`${verb} ${loading.name}`} />}
      <button type="button" onClick={onCancel} data-testid="data-cancel">Cancel</button>
    </div>
  );
}

export function DataPanel({ data }: { data: DataFiles }) {
  const [open, setOpen] = useState(() => localStorage.getItem(OPEN_KEY) === 'true');
  const [url, setUrl] = useState('');
  const picker = useRef<HTMLInputElement>(null);
  const bodyId = useId();
  const urlId = useId();
  const show = (on: boolean): void => {
    setOpen(on);
    localStorage.setItem(OPEN_KEY, String(on));
  };
  const dragging = useFileDrop((files) => {
    show(true);
    data.loadFiles(files);
  });
  // A file being loaded, or a problem, opens the panel (once each), so the progress or the sentence is seen.
  const trigger = data.loading && !data.loading.restoring ? `loading ${data.loading.name}` : data.problem ? `problem ${data.problem.message}` : undefined;
  const [seen, setSeen] = useState<string>();
  if (trigger !== seen) {
    setSeen(trigger);
    if (trigger) setOpen(true);
  }

  const { selected } = data;
  const summary = data.loading && !open ? `loading ${data.loading.name}…`
    : selected ? `${selected.name} · ${countOf(selected.info.rows, 'row')} × ${countOf(selected.info.columns.length, 'column')}${data.files.length > 1 ? ` · ${data.files.length} files` : ''}`
    : 'load a Parquet, Arrow or CSV file to feed a kernel';
  const submitUrl = (e: FormEvent): void => {
    e.preventDefault();
    if (url.trim()) data.loadUrl(url);
  };

  return (
    <section className="panel data-panel" aria-label="Data" data-testid="data-panel">
      <div className="data-head">
        <h2>
          <button type="button" className="link data-toggle" aria-expanded={open} aria-controls={bodyId} onClick={() => show(!open)} data-testid="data-toggle">
            {open ? '▾' : '▸'} Data
          </button>
        </h2>
        <span className="muted small data-summary" data-testid="data-summary">{summary}</span>
      </div>
      {dragging && <div className="data-drop" aria-hidden="true">Drop to load: Parquet, Arrow IPC or CSV</div>}
      <div id={bodyId} hidden={!open}>
        <div className="data-load">
          <button type="button" onClick={() => picker.current?.click()} data-testid="data-pick">Open a file…</button>
          <input
            ref={picker}
            type="file"
            accept={ACCEPT}
            multiple
            hidden
            aria-label="Data file"
            data-testid="data-file-input"
            onChange={(e) => {
              const list = [...(e.target.files ?? [])];
              e.target.value = '';
              if (list.length > 0) data.loadFiles(list);
            }}
          />
          <span className="muted small">or drop one on the page</span>
          <form className="data-url" onSubmit={submitUrl}>
            <label htmlFor={urlId} className="small muted">Address on this site</label>
            <input id={urlId} type="text" inputMode="url" spellCheck={false} placeholder="/data/vectors.parquet" value={url} onChange={(e) => setUrl(e.target.value)} data-testid="data-url" />
            <button type="submit" disabled={!url.trim()}>Load</button>
          </form>
          {data.samples.length > 0 && (
            <div className="data-samples" role="group" aria-label="Sample datasets">
              <span className="small muted">Samples:</span>
              {data.samples.map((s) => (
                <button key={s.name} type="button" className="link" title={`${s.about} (${formatBytes(s.bytes)})`} onClick={() => data.loadSample(s.name)} data-testid={`sample-${s.name}`}>{s.name}</button>
              ))}
            </div>
          )}
        </div>
        {data.loading && <LoadingLine loading={data.loading} onCancel={data.cancel} />}
        {data.problem && <p className="field-error data-problem" role="alert" data-testid="data-problem">{data.problem.message}</p>}
        {data.files.length > 0 && (
          <ul className="data-files" aria-label="Loaded files">
            {data.files.map((f) => (
              <li key={f.name} className={f === selected ? 'selected' : undefined}>
                <button type="button" className="link" aria-current={f === selected ? 'true' : undefined} onClick={() => data.select(f.name)} data-testid="data-file">{f.name}</button>
                <span className="muted small">{formatBytes(f.info.bytes)}</span>
                {f.notKept && <span className="warn small" title={f.notKept}>not kept</span>}
                <button type="button" className="link small" aria-label={`Remove ${f.name}`} onClick={() => data.remove(f.name)}>remove</button>
              </li>
            ))}
          </ul>
        )}
        {selected && <DataFileView file={selected} />}
      </div>
    </section>
  );
}
