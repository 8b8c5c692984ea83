/**
 * The offline app in the page. Registers the service worker that precaches the build (vite.config.ts; in
 * `npm run dev` the plugin's hook does nothing), notes in the console when the app first becomes usable
 * offline, and, when a newer build has been installed, says so and waits for "Reload": the new code never
 * replaces the running page behind the user's back. A tab that did not ask (another tab pressed Reload, so
 * the new worker now serves this one too) is told to reload instead of being reloaded.
 *
 * Which worker took over is read from `controllerchange` here rather than from the plugin's reload hook:
 * the hook only fires in a tab that was already controlled when it registered, and the first visit's tab
 * (controlled through clientsClaim) would otherwise ignore its own Reload.
 */
import { useEffect, useRef, useState } from 'react';
import { useRegisterSW } from 'virtual:pwa-register/react';
import type { Log } from './hooks/useConsoleLog';

/** How often an open page asks the server for a newer build (ms): a workshop tab stays open for hours. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export function UpdatePrompt({ log }: { readonly log: Log }) {
  const asked = useRef(false);
  const [takenOver, setTakenOver] = useState(false);
  const {
    needRefresh: [needRefresh, setNeedRefresh],
    updateServiceWorker,
  } = useRegisterSW({
    // After the page's own load: the 12 MB precache does not compete with the first paint.
    immediate: false,
    onOfflineReady: () => log('info', 'Kernel Lab is saved in this browser: it now opens and runs with the network off.'),
    // Handled below; without this the plugin would reload every tab the new worker takes over.
    onNeedReload: () => undefined,
    onRegisteredSW: (_url, registration) => {
      if (registration) setInterval(() => navigator.onLine && void registration.update().catch(() => undefined), CHECK_EVERY_MS);
    },
    onRegisterError: (e: unknown) => log('warn', `Working offline is not available in this browser: ${e instanceof Error ? e.message : String(e)}`),
  });

  useEffect(() => {
    const container = 'serviceWorker' in navigator ? navigator.serviceWorker : undefined;
    if (!container) return;
    // The first worker to control a page (the first visit) is not an update; a later one is.
    let previous = container.controller;
    const onChange = (): void => {
      const updated = previous !== null;
      previous = container.controller;
      if (!updated) return;
      if (asked.current) location.reload();
      else setTakenOver(true);
    };
    container.addEventListener('controllerchange', onChange);
    return () => container.removeEventListener('controllerchange', onChange);
  }, []);

  if (takenOver) {
    return (
      <div className="banner update-banner" role="status" data-testid="update-taken-over">
        <strong>Kernel Lab was updated in another tab.</strong> Reload this one before going on (your edits are saved).{' '}
        <button type="button" onClick={() => location.reload()}>Reload</button>
      </div>
    );
  }
  if (!needRefresh) return null;
  return (
    <div className="banner update-banner" role="status" data-testid="update-ready">
      <strong>A new version of Kernel Lab is ready.</strong> Reload to use it; your edits and runs are kept.{' '}
      <button
        type="button"
        onClick={() => {
          asked.current = true;
          void updateServiceWorker();
        }}
      >
        Reload
      </button>{' '}
      <button type="button" onClick={() => setNeedRefresh(false)}>Later</button>
    </div>
  );
}
