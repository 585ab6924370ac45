import { useSyncExternalStore } from 'react';
import { backoffDelay } from './backoff';

/**
 * Whether the API can be reached: for the offline banner (components/offline-banner.tsx) and so that
 * saving resumes at once when it can again.
 *
 * Offline means the browser says so (`navigator.onLine` false) or the last request failed at the
 * network level (`api-client` reports every outcome) and nothing has got through since. While the
 * server is unreachable and someone watches (the banner), `GET /api/health` is probed with backoff
 * (1 s doubling to 10 s, jittered) so the banner clears, and waiting saves go out, as soon as the server
 * answers again — e.g. after a restart — not only at the next scheduled retry. The browser's `online`
 * event probes and announces at once.
 */

const PROBE_PATH = '/api/health';
const PROBE_CAP_MS = 10_000;

let reachable = true;
let probeAttempt = 0;
let probeTimer: ReturnType<typeof setTimeout> | null = null;
let probing = false;
let windowListening = false;
const watchers = new Set<() => void>();
const reconnectListeners = new Set<() => void>();

function browserOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/** Whether the API is believed reachable now. */
export function isOnline(): boolean {
  return reachable && browserOnline();
}

let lastOnline = isOnline();

function announceReconnected(): void {
  for (const listener of reconnectListeners) listener();
}

/** Tells the watchers when `isOnline()` changed; `announce`: and the reconnect listeners when it came back. */
function changed(announce = true): void {
  const now = isOnline();
  if (now === lastOnline) return;
  lastOnline = now;
  for (const watcher of watchers) watcher();
  if (now && announce) announceReconnected();
}

/** A request got an HTTP answer (whatever its status): the server is reachable. */
export function reportReachable(): void {
  probeAttempt = 0;
  clearProbe();
  if (reachable) return;
  reachable = true;
  changed();
}

/** A request failed at the network level (no HTTP answer). */
export function reportUnreachable(): void {
  if (reachable) {
    reachable = false;
    changed();
  }
  scheduleProbe();
}

function clearProbe(): void {
  if (probeTimer) clearTimeout(probeTimer);
  probeTimer = null;
}

function scheduleProbe(delay?: number): void {
  if (reachable || probing || probeTimer || watchers.size === 0) return;
  probeAttempt += 1;
  probeTimer = setTimeout(
    () => {
      probeTimer = null;
      void probe();
    },
    delay ?? backoffDelay(probeAttempt, { capMs: PROBE_CAP_MS }),
  );
}

async function probe(): Promise<void> {
  if (reachable || probing || watchers.size === 0) return;
  probing = true;
  let answered = false;
  try {
    await fetch(PROBE_PATH, { credentials: 'same-origin', cache: 'no-store' });
    answered = true;
  } catch {
    // Still unreachable.
  } finally {
    probing = false;
  }
  if (answered) reportReachable();
  else scheduleProbe();
}

function listenToWindow(): void {
  if (windowListening || typeof window === 'undefined') return;
  windowListening = true;
  window.addEventListener('online', () => {
    // Back on a network: waiting saves are sent at once, and the server is probed at once.
    changed(false);
    announceReconnected();
    if (!reachable) {
      clearProbe();
      scheduleProbe(0);
    }
  });
  window.addEventListener('offline', () => changed());
}

/** For `useSyncExternalStore`: a watcher keeps the reachability probe running while offline. */
function subscribeConnection(watcher: () => void): () => void {
  listenToWindow();
  watchers.add(watcher);
  if (!reachable) scheduleProbe();
  return () => {
    watchers.delete(watcher);
    if (watchers.size === 0) clearProbe();
  };
}

/** Called when the API becomes reachable again (the `online` event, or the probe got an answer). */
export function onReconnected(listener: () => void): () => void {
  listenToWindow();
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Whether the API is reachable, re-rendering when that changes. */
export function useOnline(): boolean {
  return useSyncExternalStore(subscribeConnection, isOnline, () => true);
}
