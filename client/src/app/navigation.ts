import type { LinkProps } from '@tanstack/react-router';
import type { Role } from '@rls/shared';

export interface NavItem {
  label: string;
  to: NonNullable<LinkProps['to']>;
}

/** Top-bar navigation per role. Add an item here when its route exists. */
export const navigation: Record<Role, readonly NavItem[]> = {
  clinician: [
    { label: 'Worklist', to: '/worklist' },
    { label: 'Account', to: '/account' },
  ],
  admin: [
    { label: 'Workload', to: '/workload' },
    { label: 'Users', to: '/users' },
    { label: 'Audit', to: '/audit' },
    { label: 'Account', to: '/account' },
  ],
};

/** Where `/` sends each role. */
export const homePath: Record<Role, NonNullable<LinkProps['to']>> = {
  clinician: '/worklist',
  admin: '/workload',
};
