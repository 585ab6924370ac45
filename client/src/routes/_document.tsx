import Box from '@mui/material/Box';
import { Outlet, createFileRoute, redirect } from '@tanstack/react-router';
import { MAIN_CONTENT_ID } from '@/components/skip-link';
import { sessionQueryOptions } from '@/features/auth/api';
import { requireRole } from '@/features/auth/guards';

/**
 * Document pages (print view, signed versions): signed-in clinicians only, WITHOUT the app shell so
 * nothing but the document reaches the paper.
 */
export const Route = createFileRoute('/_document')({
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQueryOptions());
    if (!session) throw redirect({ to: '/login', search: { redirect: location.href } });
    requireRole(session.user, 'clinician');
    return { user: session.user };
  },
  component: DocumentLayout,
});

function DocumentLayout() {
  return (
    <Box
      component="main"
      id={MAIN_CONTENT_ID}
      tabIndex={-1}
      sx={{ minHeight: '100vh', px: 2, py: 3, '&:focus': { outline: 'none' }, '@media print': { p: 0 } }}
    >
      <Outlet />
    </Box>
  );
}
