import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { onSessionEnded } from '@/lib/api-client';
import { sessionKeys } from '@/lib/query-keys';
import { clearUserData } from '../api';

/**
 * When any API call answers 401 (the session expired or was revoked), leave for the sign-in page
 * with "Your session ended…" and the current page as the place to come back to.
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
      queryClient.setQueryData(sessionKeys.all, null);
      void router
        .navigate({ to: '/login', search: { reason: 'session-ended', redirect: href } })
        .finally(() => {
          clearUserData(queryClient, router);
          leaving = false;
        });
    });
  }, [router, queryClient]);

  return null;
}
