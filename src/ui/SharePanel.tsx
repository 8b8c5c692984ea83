/**
 * "Share": the kernel in the editor as a link (share/link.ts) to copy, with
 * its length, or why it cannot be one, said where the button is. While the
 * box is open the link follows every edit, so what is copied is what is in
 * the editor.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { messageOf } from '../gpu/errors';
import { shareLink, type SharedKernel } from '../share/link';

export function ShareButton({ kernel }: { kernel: Omit<SharedKernel, 'format'> | undefined }) {
  const [open, setOpen] = useState(false);
  const [copied, setCopied] = useState<string>();
  const field = useRef<HTMLInputElement>(null);
  // Keyed by content: the kernel object is new on every render, its JSON only when something changed.
  const content = kernel ? JSON.stringify(kernel) : undefined;
  const state = useMemo((): { link: string } | { problem: string } | undefined => {
    if (!open || content === undefined) return undefined;
    try {
      return { link: shareLink(JSON.parse(content) as Omit<SharedKernel, 'format'>, window.location.href) };
    } catch (e) {
      return { problem: messageOf(e) };
    }
  }, [open, content]);
  const link = state && 'link' in state ? state.link : undefined;
  useEffect(() => {
    if (open) field.current?.select();
  }, [open]);

  const copy = async (text: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(text);
    } catch {
      // Clipboard refused (permissions): the link is selected in the field for Ctrl+C.
      field.current?.select();
    }
  };

  return (
    <>
      <button type="button" onClick={() => setOpen(!open)} aria-expanded={open} disabled={!kernel} data-testid="share">Share</button>
      {state && (
        <div className="share-box" role="group" aria-label="Share this kernel" data-testid="share-box">
          {link !== undefined ? (
            <>
              <label htmlFor="share-link">Link to this kernel as it is now ({link.length.toLocaleString('en')} characters; it follows your edits)</label>
              <div className="run-bar">
                <input id="share-link" ref={field} readOnly value={link} spellCheck={false} data-testid="share-link" />
                <button type="button" onClick={() => void copy(link)}>{copied === link ? 'Copied' : 'Copy'}</button>
                <button type="button" onClick={() => setOpen(false)}>Close</button>
              </div>
              <p className="muted">
                The code, parameters and constants travel inside the link (after the #): nothing is uploaded. Whoever opens it gets a
                shared copy beside their own work; a reference.js in it runs only if they allow it, and then in a sandbox.
              </p>
            </>
          ) : (
            <p className="field-error" role="alert">
              {'problem' in state ? state.problem : ''} <button type="button" className="link" onClick={() => setOpen(false)}>Close</button>
            </p>
          )}
        </div>
      )}
    </>
  );
}
