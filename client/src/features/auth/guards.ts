import { redirect } from '@tanstack/react-router';
import type { Role, SessionUser as User } from '@rls/shared';

/** For a role-only layout's `beforeLoad`: anyone else goes to their own start page. */
export function requireRole(user: User, role: Role): void {
  if (user.role !== role) throw redirect({ to: '/' });
}

/** Accepts only same-origin paths ("/worklist?page=2"), never "//evil.example" or absolute URLs. */
export function isSafeRedirect(value: string): boolean {
  return (
    value.startsWith('/') && !value.startsWith('//') && !value.includes('\\') && !value.startsWith('/login')
  );
}
