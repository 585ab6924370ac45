import {
  codeSchema,
  passwordChangeSchema,
  passwordConfirmSchema,
  passwordResetSchema,
  userPatchSchema,
} from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { actorOf, requireCsrf, requireLogin } from '../../http/auth';
import { guarded, jsonBody } from '../../http/body';
import { parseInput, pathParam } from '../../http/validate';
import {
  accountInfo,
  changeOwnPassword,
  confirmMfaEnrolment,
  disableOwnMfa,
  renewRecoveryCodes,
  startMfaEnrolment,
} from './account';
import {
  allUsers,
  createUser,
  getUser,
  newUserRequestSchema,
  resetMfa,
  resetPasswordById,
  updateUser,
} from './service';

/** /api/users — administrators only (the OpenAPI document's access list). */
export function userRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/users', guarded('admin'));

  router.get('/users', async (_req, res) => {
    res.json(await allUsers(ctx));
  });

  router.post('/users', async (req, res) => {
    const user = await createUser(ctx, actorOf(req), parseInput(newUserRequestSchema, req.body));
    res.status(201).location(`/api/users/${user.id}`).json(user);
  });

  router.get('/users/:id', async (req, res) => {
    res.json(await getUser(ctx, pathParam(req, 'id')));
  });

  router.patch('/users/:id', async (req, res) => {
    const input = parseInput(userPatchSchema, req.body);
    res.json(await updateUser(ctx, actorOf(req), pathParam(req, 'id'), input));
  });

  router.post('/users/:id/password', async (req, res) => {
    const input = parseInput(passwordResetSchema, req.body);
    res.json(await resetPasswordById(ctx, actorOf(req), pathParam(req, 'id'), input));
  });

  router.delete('/users/:id/mfa', async (req, res) => {
    res.json(await resetMfa(ctx, actorOf(req), pathParam(req, 'id')));
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
    const input = parseInput(passwordChangeSchema, req.body);
    res.json(await changeOwnPassword(ctx, req.auth!, input));
  });

  router.post('/account/mfa/setup', ...enrolling, async (req, res) => {
    res.json(await startMfaEnrolment(ctx, req.auth!));
  });

  router.post('/account/mfa/enable', ...enrolling, async (req, res) => {
    const input = parseInput(codeSchema, req.body);
    res.json(await confirmMfaEnrolment(ctx, req.auth!, input));
  });

  router.post('/account/mfa/recovery-codes', ...guarded(), async (req, res) => {
    const input = parseInput(codeSchema, req.body);
    res.json(await renewRecoveryCodes(ctx, req.auth!, input));
  });

  router.delete('/account/mfa', ...guarded(), async (req, res) => {
    await disableOwnMfa(ctx, req.auth!, parseInput(passwordConfirmSchema, req.body));
    res.status(204).end();
  });

  return router;
}
