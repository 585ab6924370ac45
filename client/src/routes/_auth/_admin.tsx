import { createFileRoute } from '@tanstack/react-router';
import { requireRole } from '@/features/auth/guards';

/** Pathless layout: routes under `_admin/` are for administrators only. */
export const Route = createFileRoute('/_auth/_admin')({
  beforeLoad: ({ context }) => requireRole(context.user, 'admin'),
});
