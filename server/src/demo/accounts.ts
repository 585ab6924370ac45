import type { Role } from '../db/schema';

/** Shown on the login page while these accounts exist (demo installations only). */
export const DEMO_PASSWORD = 'rls-demo-2026';

export const DEMO_ACCOUNTS: readonly { username: string; name: string; role: Role }[] = [
  { username: 'clinician', name: 'Dr. Maya Chen', role: 'clinician' },
  { username: 'clinician2', name: 'Dr. Omar Haddad', role: 'clinician' },
  { username: 'admin', name: 'Alex Morgan', role: 'admin' },
];
