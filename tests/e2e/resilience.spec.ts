import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import config from './playwright.config';
import { createPatientWithEvaluation, expectAllSaved, logIn } from './support';

// "Saved" always means saved: the server is killed (SIGKILL, no goodbye) while a clinician types, the
// clinician types on, the server comes back on the same port and database, and every answer is then
// stored with its final value. This spec runs its own server process (the configured webServer must
// not be killed under the other specs), with the configured environment.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configured = Array.isArray(config.webServer) ? config.webServer[0] : config.webServer;
const OFFLINE_KEPT =
  "Offline — the server can't be reached. Your unsaved changes are kept and will be saved when it is back.";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The built server (`npm run build`) on `port` and the SQLite file `dbFile`; resolves once healthy. */
async function startServer(port: number, dbFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(root, 'server/dist/main.js')], {
    cwd: root,
    env: {
      ...process.env,
      ...configured?.env,
      NODE_ENV: 'production',
      RLS_DEMO: '1',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${dbFile}`,
      TZ: 'UTC',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}.`);
    const healthy = await fetch(`http://127.0.0.1:${port}/api/health`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('The server did not become healthy within 30 s.');
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Types into a labelled number field of the labs step, replacing what it holds. */
async function typeInto(page: Page, label: string, value: string) {
  const field = page.getByRole('textbox', { name: label, exact: true });
  await field.fill('');
  await field.pressSequentially(value, { delay: 40 });
}

test('a server killed and restarted while a clinician types loses and reorders nothing', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rls-resilience-'));
  const dbFile = path.join(dir, 'server.db');
  let server = await startServer(port, dbFile);
  const context = await browser.newContext({ baseURL: `http://127.0.0.1:${port}` });
  const page = await context.newPage();

  try {
    await logIn(page);
    const { evaluationId } = await createPatientWithEvaluation(page.request, {
      name: 'Ingrid Solberg',
      birthDate: '1961-04-09',
      sex: 'female',
    });
    await page.goto(`/evaluations/${evaluationId}/labs`);
    await expect(page.getByRole('heading', { level: 2, name: 'Laboratory' })).toBeVisible();

    await test.step('type; the server dies in the middle of a value', async () => {
      await typeInto(page, 'Ferritin', '18');
      await expectAllSaved(page);
      await typeInto(page, 'Transferrin saturation (TSAT)', '12');
      const typing = typeInto(page, 'Haemoglobin', '11.8');
      await page.waitForTimeout(60);
      await kill(server);
      await typing;
    });

    await test.step('keep typing while it is down: the banner says the changes are kept', async () => {
      await typeInto(page, 'Ferritin', '22');
      await expect(page.getByText(OFFLINE_KEPT)).toBeVisible({ timeout: 15_000 });
      await typeInto(page, 'Creatinine', '0.9');
      await typeInto(page, 'Ferritin', '25');
      await page
        .getByRole('textbox', { name: 'Notes on the laboratory results' })
        .fill('Drawn at 08:10, fasting.');
      await expect(page.getByText('Offline — will retry')).toBeVisible();
      await page.screenshot({ path: testInfo.outputPath('offline-banner.png') });
    });

    await test.step('the server comes back on the same port and database: everything is saved', async () => {
      server = await startServer(port, dbFile);
      await expectAllSaved(page);
      await expect(page.getByText(OFFLINE_KEPT)).toBeHidden();
    });

    const response = await page.request.get(`/api/evaluations/${evaluationId}`);
    expect(response.status()).toBe(200);
    const stored = (await response.json()) as { answers: Record<string, unknown> };
    expect(stored.answers).toEqual({
      'lab.ferritin': 25,
      'lab.tsat': 12,
      'lab.hemoglobin': 11.8,
      'lab.creatinine': 0.9,
      'notes.labs': 'Drawn at 08:10, fasting.',
    });
    // What the workspace shows is what is stored.
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Ferritin', exact: true })).toHaveValue('25');
  } finally {
    await context.close();
    await kill(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
