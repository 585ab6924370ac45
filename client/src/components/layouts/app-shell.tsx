import LogoutIcon from '@mui/icons-material/Logout';
import MonitorHeartOutlinedIcon from '@mui/icons-material/MonitorHeartOutlined';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Container from '@mui/material/Container';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import type { LinkProps } from '@tanstack/react-router';
import { type CSSProperties, type ReactNode } from 'react';
import { useMeasuredHeight } from '@/components/use-measured-height';
import { ButtonLink } from '@/components/link';
import { OfflineBanner } from '@/components/offline-banner';
import { MAIN_CONTENT_ID } from '@/components/skip-link';
import { APP_NAME } from '@/utils/page-title';

/**
 * How far below the viewport's top the sticky app bar ends, for what sticks under it (the workspace's
 * steps bar): the bar grows while the offline banner shows.
 */
export const APP_BAR_BOTTOM = 'var(--app-bar-height, 56px)';

interface AppShellProps {
  user: { name: string; roleLabel: string };
  nav: readonly { label: string; to: NonNullable<LinkProps['to']> }[];
  onLogout: () => void;
  loggingOut?: boolean;
  /** Shown under the top bar, e.g. a failed sign-out. */
  notice?: ReactNode;
  children: ReactNode;
}

export function AppShell({ user, nav, onLogout, loggingOut = false, notice, children }: AppShellProps) {
  const [appBarRef, appBarHeight] = useMeasuredHeight(null);
  return (
    <Box
      sx={{ minHeight: '100vh', display: 'flex', flexDirection: 'column' }}
      style={
        appBarHeight === null ? undefined : ({ '--app-bar-height': `${appBarHeight}px` } as CSSProperties)
      }
    >
      <AppBar position="sticky" ref={appBarRef}>
        <Toolbar variant="dense" sx={{ gap: 3, minHeight: 56 }}>
          <ButtonLink
            to="/"
            color="inherit"
            startIcon={<MonitorHeartOutlinedIcon aria-hidden />}
            sx={{ fontSize: '1.05rem', fontWeight: 700, px: 1, letterSpacing: 0.2 }}
          >
            {APP_NAME}
          </ButtonLink>
          <Box component="nav" aria-label="Main" sx={{ display: 'flex', gap: 0.5 }}>
            {nav.map((item) => (
              <ButtonLink
                key={item.to}
                to={item.to}
                color="inherit"
                sx={(theme) => ({
                  px: 1.5,
                  opacity: 0.88,
                  '&[aria-current="page"]': {
                    opacity: 1,
                    backgroundColor: alpha(theme.palette.common.white, 0.16),
                  },
                })}
              >
                {item.label}
              </ButtonLink>
            ))}
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          <Box sx={{ textAlign: 'right', lineHeight: 1.2, display: { xs: 'none', sm: 'block' } }}>
            <Typography variant="body2" component="p" sx={{ fontWeight: 600 }}>
              {user.name}
            </Typography>
            <Typography variant="caption" component="p" sx={{ opacity: 0.9 }}>
              {user.roleLabel}
            </Typography>
          </Box>
          <Button
            color="inherit"
            variant="outlined"
            size="small"
            onClick={onLogout}
            loading={loggingOut}
            startIcon={<LogoutIcon aria-hidden />}
            sx={{ borderColor: 'rgba(255,255,255,0.6)' }}
          >
            Log out
          </Button>
        </Toolbar>
        {/* In the sticky bar, so it stays in view while typing further down the page. */}
        <OfflineBanner />
      </AppBar>
      {notice}
      <Container
        component="main"
        id={MAIN_CONTENT_ID}
        tabIndex={-1}
        maxWidth="xl"
        sx={{ flexGrow: 1, py: 3, '&:focus': { outline: 'none' } }}
      >
        {children}
      </Container>
    </Box>
  );
}
