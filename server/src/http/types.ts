import type { SessionUser } from '@rls/shared';
import type { Logger } from 'pino';

export type { SessionUser };

/** Set on `req.auth` by `loadSession` when the request carries a live session cookie. */
export interface AuthState {
  /** sessions.id (SHA-256 hex of the token). */
  sessionId: string;
  user: SessionUser;
  csrfToken: string;
  /** The password was right but the second factor is still owed: no access yet. */
  mfaPending: boolean;
  /** An administrator who must enrol a second factor before anything else (RLS_REQUIRE_ADMIN_MFA). */
  mfaEnrol: boolean;
  /** When the session was opened (ISO UTC). */
  createdAt: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Random per-request id, echoed in `X-Request-Id` and in every log line of the request. */
      id: string;
      /** Logger bound to this request's id. */
      log: Logger;
      auth?: AuthState;
    }
  }
}
