import { createFileRoute, redirect } from '@tanstack/react-router';
import { homePath } from '@/app/navigation';

export const Route = createFileRoute('/_auth/')({
  beforeLoad: ({ context }) => {
    throw redirect({ to: homePath[context.user.role] });
  },
});
