import { auditQuerySchema } from '@rls/shared';
import { Router } from 'express';
import type { AppContext } from '../../context';
import { recordAudit } from '../../db/unit-of-work';
import { actorOf } from '../../http/auth';
import { guarded } from '../../http/body';
import { parseInput } from '../../http/validate';
import { flushReadAudit } from './read-buffer';
import { auditPage, auditRows, CSV_COLUMNS, csvLine } from './report';

/** GET /api/audit and GET /api/audit.csv — administrators only (the OpenAPI document's access list). */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(['/audit', '/audit.csv'], guarded('admin'));

  router.get('/audit', async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query);
    await flushReadAudit(ctx); // the report includes reads made a moment ago
    res.json(await auditPage(ctx, query));
  });

  // The export is itself audited (with its filters: ids and dates, never PHI), before any row is sent.
  router.get('/audit.csv', async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query);
    await flushReadAudit(ctx);
    const { page: _page, pageSize: _size, ...filters } = query;
    await recordAudit(ctx, {
      actor: actorOf(req),
      action: 'audit.export',
      category: 'audit',
      patientId: query.patient ?? null,
      detail: { filters },
    });
    const stamp = ctx.clock.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="audit-${stamp}.csv"`);
    res.write(`${CSV_COLUMNS.join(',')}\r\n`);
    for await (const rows of auditRows(ctx, query)) {
      if (!res.write(rows.map(csvLine).join(''))) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  });

  return router;
}
