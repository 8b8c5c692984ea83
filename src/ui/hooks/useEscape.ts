import { useEffect, useRef, type RefObject } from 'react';

/**
 * Escape closes what is open (the device panel, a "Delete?" question), from
 * anywhere on the page, while `active`. Widgets that use Escape themselves
 * (Monaco's suggestions) mark the event handled and are left alone.
 */
export function useEscape(active: boolean, onEscape: () => void): void {
  const latest = useRef(onEscape);
  useEffect(() => {
    latest.current = onEscape;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}

/**
 * A yes/no question that replaces its button ("Clear…" → "Delete? Delete /
 * Keep"): focus moves to its safe answer when it opens, and back to the button
 * that asked when it closes, so a keyboard user is never dropped on the page.
 */
export function useQuestionFocus(open: boolean): { asker: RefObject<HTMLButtonElement | null>; safe: RefObject<HTMLButtonElement | null> } {
  const asker = useRef<HTMLButtonElement>(null);
  const safe = useRef<HTMLButtonElement>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (open && !wasOpen.current) safe.current?.focus();
    if (!open && wasOpen.current && document.activeElement === document.body) asker.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return { asker, safe };
}
