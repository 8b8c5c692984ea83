/**
 * "Share": the kernel in the editor as a link (share/link.ts) to copy, with
 * its length, or why it cannot be one, said where the button is.
 */
import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../gpu/errors';
import { shareLink, type SharedKernel } from '../share/link';

export function ShareButton({ make }: { make: () => Omit<SharedKernel, 'format'> | undefined }) {
  const [state, setState] = useState<{ link: string } | { problem: string }>();
  const [copied, setCopied] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (state && 'link' in state) field.current?.select();
  }, [state]);

  const share = (): void => {
    setCopied(false);
    const kernel = make();
    if (!kernel) return;
    try {
      setState({ link: shareLink(kernel, window.location.href) });
    } catch (e) {
      setState({ problem: messageOf(e) });
    }
  };
  const copy = async (link: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard refused (permissions): the link is selected in the field for Ctrl+C.
      field.current?.select();
    }
  };

  return (
    <>
      <button type="button" onClick={share} aria-expanded={state !== undefined} data-testid="share">Share</button>
      {state && (
        <div className="share-box" role="group" aria-label="Share this kernel" data-testid="share-box">
          {'link' in state ? (
            <>
              <label htmlFor="share-link">Link to this kernel ({state.link.length.toLocaleString('en')} characters)</label>
              <div className="run-bar">
                <input id="share-link" ref={field} readOnly value={state.link} spellCheck={false} data-testid="share-link" />
                <button type="button" onClick={() => void copy(state.link)}>{copied ? 'Copied' : 'Copy'}</button>
                <button type="button" onClick={() => setState(undefined)}>Close</button>
              </div>
              <p className="muted">
                The code, parameters and constants travel inside the link (after the #): nothing is uploaded. Whoever opens it gets a
                shared copy beside their own work; a reference.js in it runs only if they allow it.
              </p>
            </>
          ) : (
            <p className="field-error" role="alert">
              {state.problem} <button type="button" className="link" onClick={() => setState(undefined)}>Close</button>
            </p>
          )}
        </div>
      )}
    </>
  );
}
