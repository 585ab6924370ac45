import { parseCookie } from 'cookie';
import type { Request, RequestHandler, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import type { Actor } from '../db/audit-log';
import type { Role } from '../db/schema';
import { CsrfError, ForbiddenError, UnauthenticatedError } from './errors';
import type { AuthState } from './types';

/** The one cookie a session travels in (httpOnly, SameSite=Lax; docs/architecture.md, "Sessions and security"). */
const SESSION_COOKIE = 'rls_session';

/** Constant-time string comparison. */
function sameToken(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** The raw session token from the request's cookie, if any. */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const token = parseCookie(header)[SESSION_COOKIE];
  return token && token.length <= 100 ? token : undefined;
}

/**
 * Sets `req.auth` when the cookie names a live session; never rejects on its own. `resolve` is the
 * session feature's lookup (`resolveSession`), passed in by the app: http/ sits below the features.
 */
export function loadSession(resolve: (token: string) => Promise<AuthState | null>): RequestHandler {
  return async (req, _res, next) => {
    const token = sessionToken(req);
    if (token) req.auth = (await resolve(token)) ?? undefined;
    next();
  };
}

/**
 * 401 unless logged in and past the second-factor step; for the few calls an administrator may make
 * before enrolling a required second factor (their session, logout, enrolment).
 */
export const requireLogin: RequestHandler = (req, _res, next) => {
  if (!req.auth) throw new UnauthenticatedError('Please log in.');
  if (req.auth.mfaPending) {
    throw new UnauthenticatedError(
      'Enter the code from your authenticator app to finish logging in.',
      'mfa_required',
    );
  }
  next();
};

/** 401 unless logged in (and past any second-factor step); 403 while a required enrolment is owed. */
export const requireSession: RequestHandler = (req, res, next) => {
  requireLogin(req, res, () => {
    if (req.auth?.mfaEnrol) {
      throw new ForbiddenError(
        'Set up two-factor authentication (Account → Two-factor authentication) before continuing.',
        'mfa_enrolment_required',
      );
    }
    next();
  });
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** 403 `csrf` on a state-changing request whose X-CSRF-Token is not the session's. Use after requireSession. */
export const requireCsrf: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) {
    next();
    return;
  }
  const sent = req.get('x-csrf-token');
  if (!req.auth || !sent || !sameToken(sent, req.auth.csrfToken)) throw new CsrfError();
  next();
};

/** 403 `forbidden` unless the user has one of the roles. Use after requireSession and requireCsrf. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) throw new UnauthenticatedError();
    if (!roles.includes(req.auth.user.role)) {
      throw new ForbiddenError(
        roles.length === 1 && roles[0] === 'clinician'
          ? 'Only clinicians can open patients and evaluations.'
          : roles.length === 1 && roles[0] === 'admin'
            ? 'Only administrators can do this.'
            : 'Your role does not allow this.',
      );
    }
    next();
  };
}

/** The logged-in user as an audit actor. Only call behind requireSession. */
export function actorOf(req: Request): Actor {
  if (!req.auth) throw new UnauthenticatedError();
  const { id, username, role } = req.auth.user;
  return { id, username, role };
}

export function setSessionCookie(ctx: AppContext, req: Request, res: Response, token: string): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: ctx.config.session.absoluteTimeoutMs,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}
