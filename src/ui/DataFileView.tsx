/**
 * One loaded file as the data panel shows it: format, size, rows, record
 * batches and Parquet row groups; per column its Arrow type, nullability,
 * nulls, min and max, whether it can feed a kernel, and for Parquet its codecs
 * and bytes stored and decompressed; then a preview of the rows (DataPreview).
 */
import { FORMAT_NAMES } from '../data/detect';
import type { ColumnInfo, ParquetColumnInfo } from '../data/info';
import type { ColumnStats } from '../data/stats';
import { formatBytes } from '../gpu/format';
import { formatStat } from './data-format';
import { DataPreview } from './DataPreview';
import { useRef } from 'react';
import { useOverflowX } from './hooks/useOverflowX';
import { countOf, formatCount, formatTime } from './format';
import type { LoadedDataFile } from './hooks/useDataFiles';

/** The Parquet leaves under a top-level column ("embedding" → "embedding.list.item"), summed. */
function storage(columns: readonly ParquetColumnInfo[], name: string): { codecs: string; stored: number; decompressed: number } | undefined {
  const leaves = columns.filter((c) => c.path === name || c.path.startsWith(`${name}.`));
  if (leaves.length === 0) return undefined;
  const codecs = [...new Set(leaves.flatMap((c) => c.codecs))].map((c) => c.toLowerCase()).join(', ');
  return { codecs, stored: leaves.reduce((s, c) => s + c.compressedBytes, 0), decompressed: leaves.reduce((s, c) => s + c.uncompressedBytes, 0) };
}

function feeds(c: ColumnInfo): string {
  if (c.kernelWidth === undefined) return '—';
  return c.kernelWidth === 1 ? 'yes' : `yes, [rows, ${c.kernelWidth}]`;
}

export function DataFileView({ file }: { file: LoadedDataFile }) {
  const { info } = file;
  const stats = new Map<string, ColumnStats>(file.stats.map((s) => [s.column, s]));
  const pq = info.parquet;
  const schemaBox = useRef<HTMLDivElement>(null);
  const schemaHidden = useOverflowX(schemaBox);
  return (
    <div className="data-file" data-testid="data-file-view">
      <p className="small data-facts" data-testid="data-facts">
        <strong>{info.file}</strong>: {FORMAT_NAMES[info.format]}, {formatBytes(info.bytes)}, {countOf(info.rows, 'row')} × {countOf(info.columns.length, 'column')}
        {pq ? `, ${pq.rowGroups} row group${pq.rowGroups === 1 ? '' : 's'}` : ''}
        {info.batches > 1 ? `, ${info.batches} record batches` : ''}
        <span className="muted">; decoded in a Worker in {formatTime(file.ms.decode)}{pq?.createdBy ? `; written by ${pq.createdBy}` : ''}</span>
      </p>
      {file.notKept && <p className="small warn" role="note">{file.notKept}</p>}
      {info.notes.length > 0 && <p className="small muted">{info.notes.join('; ')}.</p>}
      {schemaHidden && <p className="small muted scroll-hint" data-testid="schema-scroll-hint">The table scrolls sideways: more of each column (min, max{pq ? ', codec, sizes' : ''}) is to the right.</p>}
      <div className="data-schema-scroll" ref={schemaBox} tabIndex={0} role="region" aria-label={`Schema of ${info.file}`}>
        <table className="data-schema" data-testid="data-schema">
          <caption className="visually-hidden">Schema and statistics of {info.file}</caption>
          <thead>
            <tr>
              <th scope="col">column</th>
              <th scope="col">type</th>
              <th scope="col" title="the schema allows nulls; nulls present">nulls</th>
              <th scope="col">min</th>
              <th scope="col">max</th>
              <th scope="col" title="can feed a kernel's input buffer">feeds</th>
              {pq && <th scope="col">codec</th>}
              {pq && <th scope="col" title="bytes stored in the file / once decompressed">stored / raw</th>}
            </tr>
          </thead>
          <tbody>
            {info.columns.map((c) => {
              const s = stats.get(c.name);
              const st = pq ? storage(pq.columns, c.name) : undefined;
              return (
                <tr key={c.name} data-column={c.name}>
                  <th scope="row"><code>{c.name}</code></th>
                  <td><code>{c.type}</code></td>
                  <td data-testid="nulls">{formatCount(c.nulls)}{c.nullable ? null : <span className="muted">, not nullable</span>}{s && s.nans > 0 ? <span className="muted"> ({formatCount(s.nans)} NaN)</span> : null}</td>
                  <td className="num">{formatStat(s?.min)}</td>
                  <td className="num">{formatStat(s?.max)}</td>
                  <td>{feeds(c)}</td>
                  {pq && <td>{st?.codecs ?? '—'}</td>}
                  {pq && <td className="num">{st ? `${formatBytes(st.stored)} / ${formatBytes(st.decompressed)}` : '—'}</td>}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <DataPreview key={file.name} file={file} />
    </div>
  );
}
