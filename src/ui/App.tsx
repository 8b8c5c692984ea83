/**
 * One page, three panes: the library, the editor with its console, and the
 * run column (parameters, verdict, figures and charts). Nothing in the core
 * loop hides behind navigation; a browser without WebGPU still gets the whole
 * page. This file is the page's shape; what it does is in hooks/useLab.ts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LIBRARY } from '../kernels/library';
import { findLessonFile, LESSON_FILES, type LessonFile } from '../notebooks/lessons';
import { ConsoleStrip } from './ConsoleStrip';
import { CeilingsSection } from './DeviceSuitesPanels';
import { DeviceChip, DevicePanel } from './DevicePanel';
import { EditorColumn } from './EditorColumn';
import { useDarkMode } from './hooks/useDarkMode';
import { useLab } from './hooks/useLab';
import { KernelLibrary } from './KernelLibrary';
import { LessonPage } from './LessonPage';
import { RunColumn } from './RunColumn';
import { UpdatePrompt } from './UpdatePrompt';
import { initialLibraryOpen, rememberLibraryOpen, Workbench } from './Workbench';

/** The lesson the address names (`?lesson=03-memory-wall`), if any. */
const lessonInAddress = (): string | undefined => new URLSearchParams(window.location.search).get('lesson') ?? undefined;

export function App() {
  const [lessonId, setLessonId] = useState(lessonInAddress);
  // A lesson file opened from disk (a teacher's draft): shown until another lesson or a kernel is picked.
  const [draftLesson, setDraftLesson] = useState<LessonFile>();
  const lessonFile = draftLesson ?? (lessonId === undefined ? undefined : findLessonFile(lessonId));
  const lab = useLab({ shortcuts: lessonFile === undefined });
  const { gpu, session, spec, kernelRun, tuning } = lab;
  const dark = useDarkMode();
  const [deviceOpen, setDeviceOpen] = useState(false);
  const chip = useRef<HTMLButtonElement>(null);
  const [libraryOpen, setLibraryOpen] = useState(initialLibraryOpen);
  const [tabMovesFocus, setTabMovesFocus] = useState(() => localStorage.getItem('kernel-lab-tab-moves-focus') === 'true');

  const closeDevice = useCallback(() => {
    setDeviceOpen(false);
    chip.current?.focus();
  }, []);
  const showLibrary = (open: boolean): void => {
    setLibraryOpen(open);
    rememberLibraryOpen(open);
  };
  const toggleTabFocus = useCallback(() => {
    setTabMovesFocus((on) => {
      localStorage.setItem('kernel-lab-tab-moves-focus', String(!on));
      return !on;
    });
  }, []);

  // Back and forward move between lessons and the workbench.
  useEffect(() => {
    const onPop = (): void => {
      setDraftLesson(undefined);
      setLessonId(lessonInAddress());
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const openLesson = (id: string | undefined): void => {
    history.pushState(null, '', id === undefined ? window.location.pathname : `${window.location.pathname}?lesson=${encodeURIComponent(id)}`);
    setDraftLesson(undefined);
    setLessonId(id);
  };
  const openLessonFile = (file: File): void => {
    void file.text().then((text) => {
      const name = file.name.replace(/\.md$/i, '');
      history.pushState(null, '', window.location.pathname);
      setLessonId(undefined);
      setDraftLesson({ id: `file-${name}`, file: file.name, text, title: /^# +(.+?)\s*#*\s*$/m.exec(text)?.[1] ?? name });
    });
  };
  const selectKernel = (id: string): void => {
    if (lessonFile) openLesson(undefined);
    lab.select(id);
  };

  const library = (
    <KernelLibrary
      kernels={LIBRARY} selected={spec.id} edited={lab.edited} features={lab.device?.features} onSelect={selectKernel} mine={lab.customNames} shared={lab.shared.list} onCreate={lab.createCustom}
      lessons={LESSON_FILES} lesson={lessonFile?.id} onOpenLesson={openLesson} onOpenLessonFile={openLessonFile}
    />
  );
  const editor = (
    <EditorColumn
      spec={spec}
      ws={lab.ws}
      custom={lab.isCustom ? lab.customSpec : undefined}
      shared={lab.opened}
      share={lab.shareKernel()}
      onKeep={() => void lab.keepShared()}
      onAllowReference={() => lab.opened && lab.shared.allowReference(lab.opened.id)}
      messages={lab.messages}
      onRun={lab.onRun}
      dark={dark}
      onRemove={lab.opened ? lab.removeShared : lab.removeCustom}
      tabMovesFocus={tabMovesFocus}
      onToggleTabFocus={toggleTabFocus}
    >
      <ConsoleStrip entries={lab.entries} onClear={lab.clearConsole} />
    </EditorColumn>
  );

  return (
    <div className="app">
      <header className="top">
        <button type="button" className="library-toggle" aria-expanded={libraryOpen} aria-controls="library" onClick={() => showLibrary(!libraryOpen)} data-testid="library-toggle">
          {libraryOpen ? '◀ Library' : '▶ Library'}
        </button>
        <h1>Kernel Lab</h1>
        <p className="tagline">WGSL kernels on your own GPU, checked and measured</p>
        <DeviceChip ref={chip} state={gpu} open={deviceOpen} onToggle={() => (deviceOpen ? closeDevice() : setDeviceOpen(true))} />
      </header>
      {gpu.status === 'unavailable' && (
        <div className="banner" role="alert" data-testid="no-webgpu">
          <strong>{gpu.message}</strong> {gpu.advice} You can still read and edit every kernel here.
        </div>
      )}
      {lab.shared.linkProblem && (
        <div className="banner" role="alert" data-testid="link-problem">
          <strong>{lab.shared.linkProblem}</strong> Nothing of yours was changed.{' '}
          <button type="button" onClick={lab.shared.dismissLinkProblem}>Dismiss</button>
        </div>
      )}
      <UpdatePrompt log={lab.log} />
      {deviceOpen && (
        <DevicePanel state={gpu} onReset={() => void session.reset()} onClose={closeDevice}>
          <CeilingsSection suites={lab.suites} fallback={lab.fallback} blocked={kernelRun.running || tuning.running} />
        </DevicePanel>
      )}
      {lessonId !== undefined && !lessonFile && !draftLesson && (
        <div className="banner" role="alert" data-testid="no-lesson">
          <strong>There is no lesson “{lessonId}”.</strong> The lessons are listed in the library.{' '}
          <button type="button" onClick={() => openLesson(undefined)}>Back to the workbench</button>
        </div>
      )}
      {lessonFile ? (
        <main className="lesson-layout">
          {libraryOpen && <div className="pane">{library}</div>}
          <div className="lesson-scroll">
            <LessonPage key={lessonFile.id} file={lessonFile} shareable={!draftLesson} session={session} store={lab.store} log={lab.log} fallback={lab.fallback} dark={dark} />
          </div>
        </main>
      ) : (
        <Workbench library={library} editor={editor} run={<RunColumn lab={lab} />} libraryOpen={libraryOpen} onLibraryOpen={showLibrary} />
      )}
    </div>
  );
}
