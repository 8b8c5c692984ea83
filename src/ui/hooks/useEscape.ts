import { useEffect, useRef } from 'react';

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
