import { useSyncExternalStore } from 'react';

/**
 * Edits typed but not stored yet, as seen from outside the feature that keeps them (the workup's
 * autosave store registers itself here; features never import each other). Memory only: never
 * localStorage, sessionStorage or IndexedDB, which would keep PHI on the device.
 *
 * - The sign-in page says they are kept when a session ended mid-work (`useHasUnsavedWork`).
 * - Log out saves them first (`saveUnsavedWork`); log out and another user's sign-in drop them
 *   (`discardUnsavedWork`): they belong to the person who typed them.
 * - Closing or reloading the tab while any are kept asks first, whatever page is on screen.
 */
export interface UnsavedWorkSource {
  hasUnsaved(): boolean;
  /** Sends everything now; rejects (with the first failure) if anything could not be stored. */
  saveAll(): Promise<void>;
  discardAll(): void;
}

let source: UnsavedWorkSource | null = null;
const listeners = new Set<() => void>();
let beforeUnloadInstalled = false;

function notify(): void {
  for (const listener of listeners) listener();
}

function onBeforeUnload(event: BeforeUnloadEvent): void {
  if (!hasUnsavedWork()) return;
  event.preventDefault();
  // Older browsers show the prompt only when returnValue is set.
  event.returnValue = '';
}

/** Registers the keeper of unsaved work; it calls `changed()` whenever `hasUnsaved()` may differ. */
export function registerUnsavedWork(keeper: UnsavedWorkSource): { changed: () => void } {
  source = keeper;
  if (!beforeUnloadInstalled && typeof window !== 'undefined') {
    window.addEventListener('beforeunload', onBeforeUnload);
    beforeUnloadInstalled = true;
  }
  notify();
  return { changed: notify };
}

export function hasUnsavedWork(): boolean {
  return source?.hasUnsaved() ?? false;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether any edits are kept unsaved, re-rendering when that changes. */
export function useHasUnsavedWork(): boolean {
  return useSyncExternalStore(subscribe, hasUnsavedWork, () => false);
}

/** Stores every kept edit now; rejects when something could not be stored. */
export async function saveUnsavedWork(): Promise<void> {
  if (hasUnsavedWork()) await source?.saveAll();
}

/** Forgets every kept edit (log out, or another user signed in). */
export function discardUnsavedWork(): void {
  source?.discardAll();
}
