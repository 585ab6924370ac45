import { loginSchema, secondFactorSchema, type Session } from '@rls/shared';
import { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import {
  clearSessionCookie,
  requireCsrf,
  requireLogin,
  sessionToken,
  setSessionCookie,
} from '../../http/auth';
import { jsonBody } from '../../http/body';
import { UnauthenticatedError } from '../../http/errors';
import { parseInput } from '../../http/validate';
import { deviceCookieOf, issueDeviceCookie } from './devices';
import { completeSecondFactor, login, logout, type LoginResult } from './service';

const warnedProxy = new WeakSet<AppContext>();

/**
 * Logs once per process when logins arrive through a proxy that is not trusted: every client then
 * shares the proxy's address, and the per-address cap counts the whole clinic's failures together
 * (README, "Behind a reverse proxy"). Browsers with a device cookie are not affected.
 */
function warnOnUntrustedProxy(ctx: AppContext, req: Request): void {
  if (ctx.config.trustProxy !== false || !req.headers['x-forwarded-for'] || warnedProxy.has(ctx)) return;
  warnedProxy.add(ctx);
  ctx.logger.warn(
    'login requests carry X-Forwarded-For but TRUST_PROXY is not set: every client counts as the proxy’s address for login throttling',
  );
}

function sessionBody(result: Extract<LoginResult, { kind: 'session' }>): Session {
  return {
    user: result.user,
    csrfToken: result.csrfToken,
    ...(result.mfaEnrolmentRequired ? { mfaEnrolmentRequired: true } : {}),
  };
}

/** POST/GET/DELETE /api/session and POST /api/session/mfa (the OpenAPI document). */
export function sessionRoutes(ctx: AppContext): Router {
  const router = Router();

  // Login needs no CSRF token (there is no session yet); SameSite=Lax keeps cross-site posts cookieless.
  router.post('/session', jsonBody, async (req, res) => {
    const input = parseInput(loginSchema, req.body);
    warnOnUntrustedProxy(ctx, req);
    const previousToken = sessionToken(req);
    const result = await login(ctx, input, {
      ip: req.ip,
      deviceCookie: deviceCookieOf(req),
      ...(previousToken ? { previousToken } : {}),
    });
    setSessionCookie(ctx, req, res, result.token);
    if (result.kind === 'mfa') {
      res.status(200).json({ mfaRequired: true });
      return;
    }
    issueDeviceCookie(ctx, req, res, result.user.id);
    res.status(200).json(sessionBody(result));
  });

  // The second factor. Like login it needs no CSRF token: the pending session grants nothing else,
  // and the answer is a new session under a new token.
  router.post('/session/mfa', jsonBody, async (req, res) => {
    if (!req.auth) throw new UnauthenticatedError('Your login timed out. Enter your password again.');
    const { code } = parseInput(secondFactorSchema, req.body);
    const result = await completeSecondFactor(ctx, req.auth, code);
    setSessionCookie(ctx, req, res, result.token);
    issueDeviceCookie(ctx, req, res, result.user.id);
    res.status(200).json(sessionBody(result));
  });

  router.get('/session', requireLogin, (req, res) => {
    const auth = req.auth!;
    const session: Session = {
      user: auth.user,
      csrfToken: auth.csrfToken,
      ...(auth.mfaEnrol ? { mfaEnrolmentRequired: true } : {}),
    };
    res.json(session);
  });

  router.delete('/session', requireLogin, requireCsrf, jsonBody, async (req, res) => {
    await logout(ctx, req.auth!);
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  return router;
}
