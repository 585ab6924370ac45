import type { DemoInfo } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../demo/accounts';

/** The demo accounts for the login page banner — only on a demo installation while they exist. */
async function demoInfo(ctx: AppContext): Promise<DemoInfo> {
  if (!ctx.config.demo) return { demo: false };
  const rows = await ctx.db
    .selectFrom('users')
    .select(['username', 'role'])
    .where(
      'username',
      'in',
      DEMO_ACCOUNTS.map((a) => a.username),
    )
    .where('active', '=', 1)
    .execute();
  if (rows.length === 0) return { demo: false };
  const order = DEMO_ACCOUNTS.map((a) => a.username);
  rows.sort((a, b) => order.indexOf(a.username) - order.indexOf(b.username));
  return {
    demo: true,
    accounts: rows.map((r) => ({ username: r.username, role: r.role })),
    password: DEMO_PASSWORD,
  };
}

/** GET /api/demo (public). */
export function demoRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/demo', async (_req, res) => {
    res.json(await demoInfo(ctx));
  });
  return router;
}
