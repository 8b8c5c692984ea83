/**
 * The lessons that ship with the app: every `notebooks/NN-name.md`, bundled
 * as text (Vite's import.meta.glob), in file-name order. Parsed when opened,
 * so a lesson with a mistake shows its problems instead of breaking the page.
 */

export interface LessonFile {
  /** The file name without `.md`: `03-memory-wall`; also the lesson's address (`?lesson=03-memory-wall`). */
  readonly id: string;
  readonly file: string;
  readonly text: string;
  /** The first `# ` heading, for the library list. */
  readonly title: string;
}

const TEXTS = import.meta.glob<string>('../../notebooks/[0-9]*.md', { query: '?raw', import: 'default', eager: true });

export const LESSON_FILES: readonly LessonFile[] = Object.entries(TEXTS)
  .map(([path, text]) => {
    const file = `notebooks/${path.split('/').pop()!}`;
    const id = file.slice('notebooks/'.length, -'.md'.length);
    return { id, file, text, title: /^# +(.+?)\s*#*\s*$/m.exec(text)?.[1] ?? id };
  })
  .sort((a, b) => a.id.localeCompare(b.id));

export const findLessonFile = (id: string): LessonFile | undefined => LESSON_FILES.find((l) => l.id === id);
