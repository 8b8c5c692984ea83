/**
 * The page's three panes: the library, the editor and the run column. On a
 * wide screen they sit side by side in resizable panes (react-resizable-panels;
 * sizes kept in localStorage), each scrolling on its own, so the editor, Run
 * and the verdict share the first screen even on a projector (1280×720 at
 * 125 %, a 1024×576 page). The library collapses to give the editor room, and
 * starts collapsed on screens under 1200 px. Phones get one column.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { Group, Panel, Separator, useDefaultLayout, usePanelRef, type Layout } from 'react-resizable-panels';
import { useMediaQuery } from './hooks/useMediaQuery';

export const NARROW = '(max-width: 719px)';

export interface WorkbenchProps {
  readonly library: ReactNode;
  readonly editor: ReactNode;
  readonly run: ReactNode;
  readonly libraryOpen: boolean;
  /** Reports the library's state when the user drags it shut or open. */
  readonly onLibraryOpen: (open: boolean) => void;
}

// Panel ids double as data-testid attributes: named apart from the content's own test ids.
const IDS = ['library-pane', 'editor-pane', 'run-pane'];

/**
 * Sizes are remembered per kind of screen: what suits 1440 px (a wide library,
 * a narrow run column) would push the verdict off a projector's first screen,
 * and a projector's folded library would clip names at 1440 px.
 */
type ScreenClass = 'wide' | 'compact';
const screenClass = (): ScreenClass => (window.innerWidth >= 1200 ? 'wide' : 'compact');

/** Sizes for a first visit (percent): the library only where there is room for it. */
function firstLayout(screen: ScreenClass): Layout {
  return screen === 'wide' ? { 'library-pane': 16, 'editor-pane': 46, 'run-pane': 38 } : { 'library-pane': 0, 'editor-pane': 56, 'run-pane': 44 };
}

export function Workbench({ library, editor, run, libraryOpen, onLibraryOpen }: WorkbenchProps) {
  const narrow = useMediaQuery(NARROW);
  const [screen] = useState(screenClass);
  const saved = useDefaultLayout({ id: `kernel-lab-panes-${screen}`, panelIds: IDS, storage: localStorage });
  const [initial] = useState(() => saved.defaultLayout ?? firstLayout(screen));
  const libraryPanel = usePanelRef();

  // The header's Library button drives the pane; a drag reports back through
  // onResize. After every render: the pane may have just appeared (narrow → wide).
  useEffect(() => {
    const p = libraryPanel.current;
    if (!p) return;
    if (libraryOpen && p.isCollapsed()) p.expand();
    if (!libraryOpen && !p.isCollapsed()) p.collapse();
  });

  if (narrow) {
    return (
      <main className="columns stacked">
        {libraryOpen && <div className="pane">{library}</div>}
        <div className="pane editor-pane-body">{editor}</div>
        <div className="pane">{run}</div>
      </main>
    );
  }
  return (
    <main className="workspace">
    <Group className="columns panes" orientation="horizontal" defaultLayout={initial} onLayoutChanged={saved.onLayoutChanged}>
      <Panel
        id="library-pane"
        panelRef={libraryPanel}
        collapsible
        collapsedSize={0}
        minSize="180px"
        maxSize="30%"
        onResize={(size) => {
          const open = size.inPixels > 0;
          if (open !== libraryOpen) onLibraryOpen(open);
        }}
      >
        <div className="pane" hidden={!libraryOpen}>{library}</div>
      </Panel>
      <Separator className="pane-separator" aria-label="Resize the library" />
      <Panel id="editor-pane" minSize="260px">
        <div className="pane editor-pane-body">{editor}</div>
      </Panel>
      <Separator className="pane-separator" aria-label="Resize the editor and the run column" />
      <Panel id="run-pane" minSize="280px">
        <div className="pane">{run}</div>
      </Panel>
    </Group>
    </main>
  );
}

/** Whether the library starts open: where there is room, unless the user folded it last time on such a screen. */
export function initialLibraryOpen(): boolean {
  const stored = localStorage.getItem(`kernel-lab-library-open-${screenClass()}`);
  if (stored !== null) return stored === 'true';
  return screenClass() === 'wide';
}

export function rememberLibraryOpen(open: boolean): void {
  localStorage.setItem(`kernel-lab-library-open-${screenClass()}`, String(open));
}
