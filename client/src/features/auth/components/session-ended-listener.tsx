import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { onSessionEnded, setCsrfToken } from '@/lib/api-client';
import { sessionKeys } from '@/lib/query-keys';

/**
 * When any API call answers 401 (the session expired or was revoked), go to the sign-in page
 * in-app — no page reload — with "Your session ended…" and the current page to come back to.
 *
 * The query cache and the workspace's unsaved edits stay in memory (never in browser storage):
 * if the same user signs in again they are back where they were and autosave sends what was
 * waiting (`onSessionRestored`); if someone else signs in, everything is cleared first
 * (`adoptSession` in ../api). The page never shows cached data while signed out.
 */
export function SessionEndedListener() {
  const router = useRouter();
  const queryClient = useQueryClient();

  useEffect(() => {
    let leaving = false;
    return onSessionEnded(() => {
      const { pathname, href } = router.state.location;
      if (leaving || pathname === '/login') return;
      leaving = true;
      setCsrfToken(null);
      queryClient.setQueryData(sessionKeys.all, null);
      void router
        // A leave-with-unsaved-changes guard must not hold the user on a page they can no longer save.
        .navigate({ to: '/login', search: { reason: 'session-ended', redirect: href }, ignoreBlocker: true })
        .finally(() => {
          leaving = false;
        });
    });
  }, [router, queryClient]);

  return null;
}
