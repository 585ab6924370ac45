import type { NewUserInput, PasswordChangeInput, RevokedSessions, UserPatch, UserSummary } from '@rls/shared';
import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { accountKeys, userKeys } from '@/lib/query-keys';

export type { UserSummary };

export const usersQueryOptions = () =>
  queryOptions({
    queryKey: userKeys.all,
    queryFn: ({ signal }) => api<UserSummary[]>('GET', '/api/users', undefined, { signal }),
  });

function useUsersMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useCreateUser() {
  return useUsersMutation((user: NewUserInput) => api<UserSummary>('POST', '/api/users', user));
}

/** Name, role (a privilege change: the user's sessions end) or active (disabling ends them too). */
export function useUpdateUser() {
  return useUsersMutation(({ id, patch }: { id: string; patch: UserPatch }) =>
    api<UserSummary>('PATCH', `/api/users/${encodeURIComponent(id)}`, patch),
  );
}

export function useResetPassword() {
  return useUsersMutation(({ id, password }: { id: string; password: string }) =>
    api<RevokedSessions>('POST', `/api/users/${encodeURIComponent(id)}/password`, { password }),
  );
}

/** Removes a user's second factor (a lost phone). */
export function useResetMfa() {
  return useUsersMutation((id: string) =>
    api<RevokedSessions>('DELETE', `/api/users/${encodeURIComponent(id)}/mfa`),
  );
}

/** The signed-in user changes their own password; their other sessions end. */
export function useChangeOwnPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PasswordChangeInput) => api<RevokedSessions>('POST', '/api/account/password', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: accountKeys.all }),
  });
}

/** Shown next to every new-password field; the server enforces it (and names what is wrong). */
export const PASSWORD_RULES =
  'At least 12 characters. Not a common password, and not containing your username. A few unrelated words work well.';
