/**
 * In the parameters panel, once data is loaded: for each input buffer of the
 * kernel, "from data: (random) | a column…". A column with nulls asks what
 * they become (refuse the column, or fill them with a value) before it feeds
 * anything; what was done to the values and the sizes it set are written
 * under the pick, and a column that cannot feed the buffer says why.
 */
import { useId, useState } from 'react';
import type { NullPolicy } from '../data/columns';
import { parseFill } from '../data/fill';
import { formatCount } from './format';
import type { DataFeeds, FeedState } from './hooks/useDataFeeds';

const SEP = '\u0000';

function NullChoice({ state, onChange }: { state: FeedState; onChange: (p: NullPolicy | undefined, fillText?: string) => void }) {
  const id = useId();
  const policy = state.choice?.nulls;
  const [text, setText] = useState(state.choice?.fillText ?? (policy && policy !== 'refuse' ? String(policy.fill) : '0'));
  const mode = policy === undefined ? '' : policy === 'refuse' ? 'refuse' : 'fill';
  // The typed text goes to the feeds as it is: a value the buffer cannot hold blocks Run with the reason, never replaced.
  const send = (t: string): void => {
    const parsed = parseFill(t, state.target.kind);
    if ('value' in parsed) onChange({ fill: parsed.value });
    else onChange({ fill: policy && policy !== 'refuse' ? policy.fill : 0 }, t);
  };
  const bad = mode === 'fill' && state.fillRefused === true;
  return (
    <div className="feed-nulls">
      <label htmlFor={id}>{formatCount(state.nulls)} nulls:</label>
      <select id={id} value={mode} data-testid={`feed-nulls-${state.target.buffer}`} onChange={(e) => {
        const v = e.target.value;
        if (v === 'fill') send(text);
        else onChange(v === 'refuse' ? 'refuse' : undefined);
      }}>
        <option value="">choose…</option>
        <option value="refuse">refuse the column</option>
        <option value="fill">fill with</option>
      </select>
      {mode === 'fill' && (
        <input
          type="text"
          inputMode="decimal"
          aria-label={`Value for the nulls of ${state.choice?.column}`}
          aria-invalid={bad ? true : undefined}
          aria-describedby={bad ? `${id}-fill-why` : undefined}
          value={text}
          data-testid={`feed-fill-${state.target.buffer}`}
          onChange={(e) => {
            setText(e.target.value);
            send(e.target.value);
          }}
        />
      )}
      {bad && <p className="field-error" id={`${id}-fill-why`} role="alert" data-testid={`feed-fill-problem-${state.target.buffer}`}>{state.problem}</p>}
    </div>
  );
}

function FeedField({ state, feeds }: { state: FeedState; feeds: DataFeeds }) {
  const id = useId();
  const { target, choice } = state;
  const value = choice ? `${choice.file}${SEP}${choice.column}` : '';
  const cannot = target.problem !== undefined && !choice;
  return (
    <div className={state.status === 'problem' ? 'feed invalid' : 'feed'} data-testid={`feed-${target.buffer}`}>
      <div className="feed-pick">
      <label htmlFor={id} title={`What ${target.buffer} starts from: random values, or a column of the loaded data`}><code>{target.buffer}</code> ←<span className="visually-hidden"> from data</span></label>
      <select
        id={id}
        value={value}
        disabled={cannot}
        title={cannot ? target.problem : choice ? `${target.buffer} ← column ${choice.column} of ${choice.file}` : undefined}
        aria-describedby={(state.problem && !state.fillRefused) || cannot ? `${id}-why` : undefined}
        onChange={(e) => {
          const [file, column] = e.target.value.split(SEP);
          feeds.choose(target.buffer, file && column ? { file, column } : undefined);
        }}
      >
        <option value="">(random)</option>
        {choice && !state.options.some((o) => o.file === choice.file && o.columns.some((c) => c.column === choice.column)) && (
          <option value={value}>{choice.column} ({choice.file}, not loaded)</option>
        )}
        {state.options.map((o) => (
          <optgroup key={o.file} label={o.file}>
            {o.columns.map((c) => (
              <option key={c.column} value={`${o.file}${SEP}${c.column}`}>{c.column} · {c.type}{c.nulls > 0 ? ` · ${formatCount(c.nulls)} nulls` : ''}</option>
            ))}
          </optgroup>
        ))}
      </select>
      </div>
      {choice && state.status !== 'ready' && <p className="feed-chosen small muted" data-testid={`feed-chosen-${target.buffer}`}>{choice.column} · {choice.file}</p>}
      {choice && state.nulls > 0 && <NullChoice key={`${choice.file}${SEP}${choice.column}`} state={state} onChange={(nulls, fillText) => feeds.choose(target.buffer, { file: choice.file, column: choice.column, ...(nulls === undefined ? {} : { nulls }), ...(fillText === undefined ? {} : { fillText }) })} />}
      {state.status === 'waiting' && <p className="small muted">Waiting for {choice?.file} to load…</p>}
      {state.problem && !state.fillRefused && <p className="field-error" id={`${id}-why`} role="alert" data-testid={`feed-problem-${target.buffer}`}>{state.problem}</p>}
      {cannot && <p className="small muted" id={`${id}-why`}>{target.problem}</p>}
    </div>
  );
}

/** The pickers, then one line per fed buffer saying what was done; nothing while no file is loaded (and no pick waits for one). */
export function DataFeedFields({ feeds }: { feeds: DataFeeds }) {
  const shown = feeds.states.filter((s) => s.options.length > 0 || s.choice);
  if (shown.length === 0) return null;
  const ready = shown.filter((s) => s.status === 'ready');
  return (
    <div className="feeds-block" role="group" aria-label="Inputs from data">
      <div className="feeds">
        {shown.map((s) => <FeedField key={s.target.buffer} state={s} feeds={feeds} />)}
      </div>
      {ready.length > 0 && (
        <ul className="feed-notes small muted">
          {ready.map((s) => <li key={s.target.buffer} data-testid={`feed-notes-${s.target.buffer}`}><code>{s.target.buffer}</code> ← {s.choice?.column}{s.options.length > 1 ? ` of ${s.choice?.file}` : ''}: {s.notes.join('; ')}.</li>)}
        </ul>
      )}
    </div>
  );
}
