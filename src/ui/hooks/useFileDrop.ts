/**
 * Files dropped anywhere on the page: the data panel's drop target is the
 * whole window, so a file can land on the editor or the charts too. Listens in
 * the capture phase, and only for drags that carry files, so the editor's own
 * text drag and drop, and a drop on another file input, are left alone. Returns whether files are being dragged
 * over the page (to show where they will go).
 */
import { useEffect, useRef, useState } from 'react';

/** A drag of files, not aimed at a file input of its own (the history's "compare with a results file" takes drops itself). */
const carriesFiles = (e: DragEvent): boolean =>
  Boolean(e.dataTransfer?.types.includes('Files')) && !(e.target instanceof HTMLInputElement && e.target.type === 'file');

export function useFileDrop(onFiles: (files: File[]) => void): boolean {
  const [dragging, setDragging] = useState(false);
  const handler = useRef(onFiles);
  useEffect(() => {
    handler.current = onFiles;
  });
  useEffect(() => {
    // enter and leave fire for every element crossed: count them to know when the drag left the window.
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent): void => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent): void => {
      depth = 0;
      setDragging(false);
      if (!carriesFiles(e)) return;
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      e.stopPropagation();
      handler.current(files);
    };
    window.addEventListener('dragenter', enter, true);
    window.addEventListener('dragleave', leave, true);
    window.addEventListener('dragover', over, true);
    window.addEventListener('drop', drop, true);
    return () => {
      window.removeEventListener('dragenter', enter, true);
      window.removeEventListener('dragleave', leave, true);
      window.removeEventListener('dragover', over, true);
      window.removeEventListener('drop', drop, true);
    };
  }, []);
  return dragging;
}
