import PersonAddAlt1Icon from '@mui/icons-material/PersonAddAlt1';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Snackbar from '@mui/material/Snackbar';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { usersQueryOptions, type UserSummary } from '../api';
import { NewUserDialog } from './new-user-dialog';
import {
  EditUserDialog,
  ResetMfaDialog,
  ResetPasswordDialog,
  ToggleActiveDialog,
  type UserAction,
} from './user-action-dialogs';
import { UsersTable } from './users-table';

/** Administrators: list, add, edit (name, role), disable/enable, reset password or second factor. */
export function UsersPage({ currentUserId }: { currentUserId: string }) {
  const { data: users } = useSuspenseQuery(usersQueryOptions());
  const [adding, setAdding] = useState(false);
  const [action, setAction] = useState<{ user: UserSummary; action: UserAction } | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const done = (text?: string) => {
    setAction(null);
    if (text) setMessage(text);
  };

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, with which role. Every change here is recorded in the audit trail."
        actions={
          <Button
            variant="contained"
            startIcon={<PersonAddAlt1Icon aria-hidden />}
            onClick={() => setAdding(true)}
          >
            Add user
          </Button>
        }
      />
      <UsersTable
        users={users}
        currentUserId={currentUserId}
        onAction={(user, a) => setAction({ user, action: a })}
      />
      <NewUserDialog
        open={adding}
        onClose={() => setAdding(false)}
        onCreated={(username) => setMessage(`Added ${username}.`)}
      />
      {action?.action === 'edit' ? (
        <EditUserDialog user={action.user} isSelf={action.user.id === currentUserId} onClose={done} />
      ) : null}
      {action?.action === 'toggle-active' ? <ToggleActiveDialog user={action.user} onClose={done} /> : null}
      {action?.action === 'reset-password' ? <ResetPasswordDialog user={action.user} onClose={done} /> : null}
      {action?.action === 'reset-mfa' ? <ResetMfaDialog user={action.user} onClose={done} /> : null}
      <Snackbar open={message !== null} autoHideDuration={6000} onClose={() => setMessage(null)}>
        <Alert severity="success" variant="filled" onClose={() => setMessage(null)} role="status">
          {message}
        </Alert>
      </Snackbar>
    </>
  );
}
