import { createFileRoute } from '@tanstack/react-router';
import { requireRole } from '@/features/auth/guards';

/** Pathless layout: routes under `_clinician/` (patients, evaluations) are for clinicians only. */
export const Route = createFileRoute('/_auth/_clinician')({
  beforeLoad: ({ context }) => requireRole(context.user, 'clinician'),
});
