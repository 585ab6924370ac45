import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Paper from '@mui/material/Paper';
import { roleLabels } from '@/utils/labels';
import type { UserSummary } from '../api';
import type { UserAction } from './user-action-dialogs';

interface UsersTableProps {
  users: UserSummary[];
  /** The signed-in administrator (cannot disable or demote themselves). */
  currentUserId: string;
  onAction: (user: UserSummary, action: UserAction) => void;
}

// In px: in `sx`, a bare `1` would mean 100 % and push the page sideways.
const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

export function UsersTable({ users, currentUserId, onAction }: UsersTableProps) {
  return (
    <TableContainer component={Paper} variant="outlined">
      <Table size="small" aria-label="Users" sx={{ '& .MuiTableCell-root': { px: { xs: 1, lg: 2 } } }}>
        <TableHead>
          <TableRow>
            <TableCell>Username</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Two-factor</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell>
              <Box component="span" sx={visuallyHidden}>
                Actions
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {users.map((user) => {
            const self = user.id === currentUserId;
            return (
              <TableRow key={user.id} hover>
                <TableCell sx={{ fontFamily: 'monospace' }}>{user.username}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{user.name}</TableCell>
                <TableCell>{roleLabels[user.role]}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    label={user.active ? 'Active' : 'Disabled'}
                    color={user.active ? 'success' : 'default'}
                    variant="outlined"
                  />
                </TableCell>
                <TableCell>{user.mfaEnabled ? 'On' : 'Off'}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {user.lastLoginAt ? dateTime.format(new Date(user.lastLoginAt)) : 'Never'}
                </TableCell>
                <TableCell align="right">
                  <Stack
                    direction="row"
                    useFlexGap
                    sx={{
                      justifyContent: 'flex-end',
                      flexWrap: 'wrap',
                      columnGap: 0.5,
                      whiteSpace: 'nowrap',
                    }}
                  >
                    <Button
                      size="small"
                      onClick={() => onAction(user, 'edit')}
                      aria-label={`Edit ${user.username}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="small"
                      onClick={() => onAction(user, 'reset-password')}
                      aria-label={`Reset password of ${user.username}`}
                    >
                      Reset password
                    </Button>
                    {user.mfaEnabled ? (
                      <Button
                        size="small"
                        onClick={() => onAction(user, 'reset-mfa')}
                        aria-label={`Remove two-factor of ${user.username}`}
                      >
                        Remove 2FA
                      </Button>
                    ) : null}
                    {self ? null : (
                      <Button
                        size="small"
                        color={user.active ? 'error' : 'primary'}
                        onClick={() => onAction(user, 'toggle-active')}
                        aria-label={`${user.active ? 'Disable' : 'Enable'} ${user.username}`}
                      >
                        {user.active ? 'Disable' : 'Enable'}
                      </Button>
                    )}
                  </Stack>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
