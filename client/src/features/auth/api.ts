import type { DemoInfo, LoginInput, LoginResponse, SecondFactorRequired, Session } from '@rls/shared';
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { ApiError, api, emitSessionRestored, isApiError, setCsrfToken } from '@/lib/api-client';
import { demoKeys, sessionKeys } from '@/lib/query-keys';
import { discardUnsavedWork, saveUnsavedWork } from '@/lib/unsaved-work';

/**
 * The user whose data the in-memory caches hold (memory only). When a session ends mid-work the
 * caches and unsaved edits are kept; if the same user signs in again they carry on, anyone else
 * starts from empty caches.
 */
let cacheOwner: string | null = null;

/**
 * The signed-in session, or `null` when nobody is signed in (401 is an answer here, not an error).
 * Fetching it also restores the in-memory CSRF token after a page reload.
 */
export const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.all,
    queryFn: async ({ signal }): Promise<Session | null> => {
      try {
        const session = await api<Session>('GET', '/api/session', undefined, { signal });
        setCsrfToken(session.csrfToken);
        cacheOwner = session.user.id;
        return session;
      } catch (error) {
        if (isApiError(error, 401)) {
          setCsrfToken(null);
          return null;
        }
        throw error;
      }
    },
    // The session changes only by signing in or out, or by a 401 on a data call (see onSessionEnded).
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

/** Whether the server runs with demo data, and the demo accounts to show on the sign-in page. */
export const demoQueryOptions = () =>
  queryOptions({
    queryKey: demoKeys.all,
    queryFn: async ({ signal }): Promise<DemoInfo> => {
      try {
        return await api<DemoInfo>('GET', '/api/demo', undefined, { signal });
      } catch (error) {
        if (isApiError(error, 404)) return { demo: false };
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });

/**
 * Forget everything the previous user could see or had typed: CSRF token, unsaved edits kept since
 * their session ended (lib/unsaved-work.ts), every cached query and the router's cached matches. The
 * session query is left answered with `null` so guards don't refetch it.
 */
function clearUserData(queryClient: QueryClient, router: { clearCache: () => void }): void {
  setCsrfToken(null);
  discardUnsavedWork();
  queryClient.clear();
  queryClient.setQueryData(sessionKeys.all, null);
  router.clearCache();
  cacheOwner = null;
}

/**
 * A session was just opened (password, or password + second factor). The same user as the one whose
 * data is cached (their session had ended) keeps the caches and unsaved work, which then resumes
 * saving; anyone else starts from empty caches.
 */
function adoptSession(queryClient: QueryClient, router: { clearCache: () => void }, session: Session): void {
  const sameUser = cacheOwner !== null && cacheOwner === session.user.id;
  if (!sameUser) clearUserData(queryClient, router);
  setCsrfToken(session.csrfToken);
  cacheOwner = session.user.id;
  queryClient.setQueryData(sessionKeys.all, session);
  if (sameUser) emitSessionRestored();
}

export function isSecondFactorRequired(value: LoginResponse): value is SecondFactorRequired {
  return 'mfaRequired' in value && value.mfaRequired;
}

/** Step 1: username and password. Answers a session, or "a second factor is required". */
export function useLogin() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (input: LoginInput) => api<LoginResponse>('POST', '/api/session', input),
    onSuccess: (result) => {
      if (!isSecondFactorRequired(result)) adoptSession(queryClient, router, result);
    },
  });
}

/** Step 2 (users with two-factor authentication): the app's 6-digit code or a recovery code. */
export function useSecondFactor() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (code: string) => api<Session>('POST', '/api/session/mfa', { code }),
    onSuccess: (session) => adoptSession(queryClient, router, session),
  });
}

/** The code of the error `useLogout` fails with when unsaved edits could not be stored first. */
export const UNSAVED_CHANGES = 'unsaved_changes';

/**
 * Signs out on the server, then leaves for the sign-in page and clears the whole query cache. Edits
 * still waiting to be saved are saved first; if that fails, signing out stops with an
 * `UNSAVED_CHANGES` error, unless called with `{ discardUnsaved: true }` ("Sign out anyway").
 */
export function useLogout() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: async (options?: { discardUnsaved?: boolean }) => {
      if (!options?.discardUnsaved) {
        try {
          await saveUnsavedWork();
        } catch (error) {
          const reason = error instanceof Error ? ` (${error.message.replace(/\.$/, '')})` : '';
          throw new ApiError({
            status: 0,
            code: UNSAVED_CHANGES,
            message: `Your latest changes could not be saved${reason}. Sign out anyway to discard them.`,
          });
        }
      }
      try {
        await api<void>('DELETE', '/api/session');
      } catch (error) {
        // Already signed out on the server: the local sign-out still has to happen.
        if (!isApiError(error, 401)) throw error;
      }
    },
    onSuccess: async () => {
      setCsrfToken(null);
      queryClient.setQueryData(sessionKeys.all, null);
      await router.navigate({ to: '/login', search: { reason: 'signed-out' } });
      clearUserData(queryClient, router);
    },
  });
}
