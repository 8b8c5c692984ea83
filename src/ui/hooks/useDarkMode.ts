import { useMediaQuery } from './useMediaQuery';

/** Follows the system's light/dark setting, live. */
export function useDarkMode(): boolean {
  return useMediaQuery('(prefers-color-scheme: dark)');
}
