/**
 * One page, three panes: the library, the editor with its console, and the
 * run column (parameters, verdict, figures and charts). Nothing in the core
 * loop hides behind navigation; a browser without WebGPU still gets the whole
 * page. This file is the page's shape; what it does is in hooks/useLab.ts.
 */
import { useCallback, useRef, useState } from 'react';
import { LIBRARY } from '../kernels/library';
import { ConsoleStrip } from './ConsoleStrip';
import { CeilingsSection } from './DeviceSuitesPanels';
import { DeviceChip, DevicePanel } from './DevicePanel';
import { EditorColumn } from './EditorColumn';
import { useDarkMode } from './hooks/useDarkMode';
import { useLab } from './hooks/useLab';
import { KernelLibrary } from './KernelLibrary';
import { RunColumn } from './RunColumn';
import { UpdatePrompt } from './UpdatePrompt';
import { initialLibraryOpen, rememberLibraryOpen, Workbench } from './Workbench';

export function App() {
  const lab = useLab();
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

  const library = (
    <KernelLibrary kernels={LIBRARY} selected={spec.id} edited={lab.edited} features={lab.device?.features} onSelect={lab.select} mine={lab.customNames} shared={lab.shared.list} onCreate={lab.createCustom} />
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
      <Workbench library={library} editor={editor} run={<RunColumn lab={lab} />} libraryOpen={libraryOpen} onLibraryOpen={showLibrary} />
    </div>
  );
}
