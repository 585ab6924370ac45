import type { AccountInfo, Enrolment, RecoveryCodes, Session } from '@rls/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { accountKeys, sessionKeys } from '@/lib/query-keys';

export type { AccountInfo, Enrolment };

/** `GET /api/account`: the signed-in user's own security settings. */
export const accountQueryOptions = () =>
  queryOptions({
    queryKey: accountKeys.all,
    queryFn: ({ signal }) => api<AccountInfo>('GET', '/api/account', undefined, { signal }),
  });

/** Starts enrolment: a new secret to scan (not active until a code confirms it). */
export function useStartEnrolment() {
  return useMutation({ mutationFn: () => api<Enrolment>('POST', '/api/account/mfa/setup') });
}

/** Confirms enrolment with the first code; answers the 10 recovery codes (shown once). */
export function useConfirmEnrolment() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<RecoveryCodes>('POST', '/api/account/mfa/enable', { code }),
    onSuccess: () => {
      // A required enrolment is done: the rest of the app opens up.
      queryClient.setQueryData<Session | null>(sessionKeys.all, (session) => {
        if (!session?.mfaEnrolmentRequired) return session;
        const { mfaEnrolmentRequired: _done, ...rest } = session;
        return rest;
      });
      void queryClient.invalidateQueries({ queryKey: accountKeys.all });
    },
  });
}

export function useRenewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => api<RecoveryCodes>('POST', '/api/account/mfa/recovery-codes', { code }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

export function useDisableMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (password: string) => api<void>('DELETE', '/api/account/mfa', { password }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}
