import { Router } from 'express';
import type { AppContext } from '../../context';
import { actorOf, requireCsrf, requireLogin } from '../../http/auth';
import { guarded, jsonBody } from '../../http/body';
import {
  accountInfo,
  changeOwnPassword,
  confirmMfaEnrolment,
  disableOwnMfa,
  renewRecoveryCodes,
  startMfaEnrolment,
} from './account';
import { allUsers, createUser, getUser, resetMfa, resetPasswordById, updateUser } from './service';

/** /api/users — administrators only (SPEC §3 access list). */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/users', guarded('admin'));

  router.get('/users', async (_req, res) => {
    res.json(await allUsers(ctx));
  });

  router.post('/users', async (req, res) => {
    const user = await createUser(ctx, actorOf(req), req.body);
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  router.get('/users/:id', async (req, res) => {
    res.json(await getUser(ctx, req.params.id));
  });

  router.patch('/users/:id', async (req, res) => {
    res.json(await updateUser(ctx, actorOf(req), req.params.id, req.body));
  });

  router.post('/users/:id/password', async (req, res) => {
    res.json(await resetPasswordById(ctx, actorOf(req), req.params.id, req.body));
  });

  router.delete('/users/:id/mfa', async (req, res) => {
    res.json(await resetMfa(ctx, actorOf(req), req.params.id));
  });

  return router;
}

/**
 * /api/account — the logged-in user's own account, for every role. Reading it and enrolling a second
 * factor work during a required enrolment (requireLogin); everything else needs a full session.
 */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();
  const enrolling = [requireLogin, requireCsrf, jsonBody];

  router.get('/account', requireLogin, async (req, res) => {
    res.json(await accountInfo(ctx, req.auth!));
  });

  router.post('/account/password', ...guarded(), async (req, res) => {
    res.json(await changeOwnPassword(ctx, req.auth!, req.body));
  });

  router.post('/account/mfa/setup', ...enrolling, async (req, res) => {
    res.json(await startMfaEnrolment(ctx, req.auth!));
  });

  router.post('/account/mfa/enable', ...enrolling, async (req, res) => {
    res.json(await confirmMfaEnrolment(ctx, req.auth!, req.body));
  });

  router.post('/account/mfa/recovery-codes', ...guarded(), async (req, res) => {
    res.json(await renewRecoveryCodes(ctx, req.auth!, req.body));
  });

  router.delete('/account/mfa', ...guarded(), async (req, res) => {
    await disableOwnMfa(ctx, req.auth!, req.body);
    res.status(204).end();
  });

  return router;
}
