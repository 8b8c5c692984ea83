/**
 * Whether a box's content is wider than the box: a table that scrolls
 * sideways says so in words, since a scrollbar alone (hidden until touched
 * on many systems) does not tell that columns are out of sight.
 */
import { useEffect, useState, type RefObject } from 'react';

/** True while the element's content overflows it horizontally; follows resizes of the element and of its content. */
export function useOverflowX(ref: RefObject<HTMLElement | null>): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return undefined;
    const measure = (): void => setOver(box.scrollWidth > box.clientWidth + 1);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(box);
    if (box.firstElementChild) watch.observe(box.firstElementChild);
    return () => watch.disconnect();
  }, [ref]);
  return over;
}
