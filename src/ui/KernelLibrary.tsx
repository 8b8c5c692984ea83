import { useEffect, useRef, useState } from 'react';
import { byFamily } from '../kernels/library';
import { missingFeatures, type KernelSpec } from '../kernels/spec';
import type { LessonFile } from '../notebooks/lessons';
import type { OpenedKernel } from '../share/opened';

export function KernelLibrary({ kernels, selected, edited, features, onSelect, mine, shared, onCreate, lessons, lesson, onOpenLesson, onOpenLessonFile }: {
  kernels: readonly KernelSpec[];
  selected: string;
  edited: ReadonlySet<string>;
  /** The device's features, when there is a device: kernels needing others are marked. */
  features: { has(f: string): boolean } | undefined;
  onSelect: (id: string) => void;
  /** Names of your own kernels. */
  mine: readonly string[];
  /** Kernels opened from links, results files and runs. */
  shared: readonly OpenedKernel[];
  /** Make a kernel from the template; resolves to why not, or undefined. */
  onCreate: (name: string) => Promise<string | undefined>;
  /** The lessons (notebooks/), listed first; each is a link to its own address. */
  lessons: readonly LessonFile[];
  /** The lesson open, if one is. */
  lesson: string | undefined;
  onOpenLesson: (id: string) => void;
  /** A lesson file from disk, to read before it joins notebooks/ (a teacher's draft). */
  onOpenLessonFile: (file: File) => void;
}) {
  // The kernel in the editor is in view in the library, even when a link or a file selected it far down the list.
  const nav = useRef<HTMLElement>(null);
  // A shared kernel's button appears only once the list has loaded: look again then.
  const listed = shared.some((k) => k.id === selected);
  useEffect(() => {
    const button = nav.current?.querySelector<HTMLElement>(`[data-kernel="${CSS.escape(selected)}"]`);
    if (button || listed) button?.scrollIntoView({ block: 'nearest' });
  }, [selected, listed]);
  return (
    <nav id="library" ref={nav} className="panel library" aria-label="Kernel library">
      <h2>Library</h2>
      {lessons.length > 0 && (
        <div className="family lessons" data-testid="lesson-list">
          <h3>lessons</h3>
          <ul>
            {lessons.map((l) => (
              <li key={l.id}>
                <a
                  href={`?lesson=${encodeURIComponent(l.id)}`}
                  aria-current={l.id === lesson ? 'page' : undefined}
                  data-lesson={l.id}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
                    e.preventDefault();
                    onOpenLesson(l.id);
                  }}
                >
                  {l.title}
                </a>
              </li>
            ))}
          </ul>
          <label className="small muted lesson-file">
            Open a lesson file (.md){' '}
            <input type="file" accept=".md,text/markdown" data-testid="lesson-file" onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) onOpenLessonFile(f);
              e.target.value = '';
            }} />
          </label>
        </div>
      )}
      {[...byFamily(kernels)].map(([family, list]) => (
        <div key={family} className="family">
          <h3>{family}</h3>
          <ul>
            {list.map((k) => (
              <li key={k.id}>
                <button
                  type="button"
                  className={k.id === selected ? 'kernel selected' : 'kernel'}
                  aria-current={k.id === selected && lesson === undefined ? 'true' : undefined}
                  onClick={() => onSelect(k.id)}
                  title={k.summary}
                  data-kernel={k.id}
                >
                  <span className="kernel-id">{k.id}</span>
                  {edited.has(k.id) && <span className="badge" title="you have edited this kernel">edited</span>}
                  {features && missingFeatures(k, features).length > 0 && (
                    <span className="badge unavailable" title="this device cannot run it">needs {missingFeatures(k, features).join(', ')}</span>
                  )}
                  <span className="kernel-title">{k.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="family mine">
        <h3>your kernels</h3>
        <ul>
          {mine.map((name) => (
            <li key={name}>
              <button type="button" className={`custom/${name}` === selected ? 'kernel selected' : 'kernel'} aria-current={`custom/${name}` === selected ? 'true' : undefined} onClick={() => onSelect(`custom/${name}`)} data-kernel={`custom/${name}`}>
                <span className="kernel-id">custom/{name}</span>
              </button>
            </li>
          ))}
        </ul>
        <NewKernelForm onCreate={onCreate} />
      </div>
      {shared.length > 0 && (
        <div className="family shared" data-testid="shared-kernels">
          <h3>shared with you</h3>
          <ul>
            {shared.map((k) => (
              <li key={k.id}>
                <button type="button" className={k.id === selected ? 'kernel selected' : 'kernel'} aria-current={k.id === selected && lesson === undefined ? 'true' : undefined} onClick={() => onSelect(k.id)} data-kernel={k.id} title={`Opened from ${k.origin}`}>
                  <span className="kernel-id">{k.base}</span>
                  <span className="badge">shared</span>
                  {/* Text from a link: React sets it as text, never as HTML. */}
                  <span className="kernel-title">{k.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </nav>
  );
}

function NewKernelForm({ onCreate }: { onCreate: (name: string) => Promise<string | undefined> }) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <form
      className="new-kernel"
      onSubmit={(e) => {
        e.preventDefault();
        void onCreate(name.trim()).then((p) => {
          setProblem(p);
          if (!p) setName('');
        });
      }}
    >
      <label htmlFor="new-kernel-name">New kernel</label>
      <div className="run-bar">
        <input id="new-kernel-name" value={name} placeholder="my-kernel" spellCheck={false} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? true : undefined} />
        <button type="submit">Create</button>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </form>
  );
}
