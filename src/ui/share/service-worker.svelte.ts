// Registers dist/sw.js (offline use) and tracks whether a new version is waiting, for UpdatePrompt.
// Registered only by the built app served over http(s): never on the dev server, never from file://,
// never by the single-file build (which has no sw.js beside it).

class ServiceWorkerState {
  /** A new version is installed and waits for the page to let it take over. */
  updateAvailable = $state(false);
  waiting: ServiceWorker | null = null;

  /** Activates the waiting version; the page reloads once it controls the page. */
  applyUpdate(): void {
    if (!this.waiting) {
      location.reload();
      return;
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
      once: true,
    });
    this.waiting.postMessage({ type: 'credence:skip-waiting' });
  }
}

export const serviceWorker = new ServiceWorkerState();

let registered = false;

export function serviceWorkerAllowed(): boolean {
  return (
    import.meta.env.PROD &&
    import.meta.env.MODE !== 'singlefile' &&
    'serviceWorker' in navigator &&
    (location.protocol === 'https:' || location.protocol === 'http:')
  );
}

function offer(worker: ServiceWorker | null): void {
  // Without a controller this is the first install, not an update: nothing to offer.
  if (!worker || !navigator.serviceWorker.controller) return;
  serviceWorker.waiting = worker;
  serviceWorker.updateAvailable = true;
}

export function registerServiceWorker(): void {
  if (registered || !serviceWorkerAllowed()) return;
  registered = true;
  navigator.serviceWorker
    .register('./sw.js')
    .then((registration) => {
      offer(registration.waiting);
      registration.addEventListener('updatefound', () => {
        const installing = registration.installing;
        installing?.addEventListener('statechange', () => {
          if (installing.state === 'installed') offer(installing);
        });
      });
    })
    .catch((error: unknown) => {
      // Offline use is a bonus: the app works without it, so a failed registration is only logged.
      console.warn('Credence: offline use is unavailable:', error);
    });
}
