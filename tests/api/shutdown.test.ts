// Graceful shutdown (issue 17; docs/reliability.md): on SIGTERM the real server process stops
// accepting connections, finishes the requests in flight — a save whose body is still arriving is
// read, stored and answered — closes the database and exits 0; a request that does not finish within
// the grace period (RLS_SHUTDOWN_GRACE_MS) is cut off and changes nothing. On PostgreSQL when
// RLS_TEST_PG_URL is set.
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  Client,
  ensureServerBuilt,
  freshDatabase,
  ServerProcess,
  sleep,
  verifyAuditChain,
  type TestDatabase,
} from '../reliability/harness';

const GRACE_MS = 3000;
let database: TestDatabase;
let server: ServerProcess;
let clinician: Client;

interface Evaluation {
  id: string;
  version: number;
  answers: Record<string, unknown>;
}

beforeAll(async () => {
  ensureServerBuilt();
  database = await freshDatabase(process.env.RLS_TEST_PG_URL);
  server = await ServerProcess.create({
    database,
    logFile: path.join(os.tmpdir(), `rls-shutdown-${process.pid}.log`),
    env: { RLS_SHUTDOWN_GRACE_MS: String(GRACE_MS) },
  });
  await server.start();
  clinician = await new Client(server.baseUrl).login('clinician');
}, 60_000);
afterAll(async () => {
  await server.kill();
  await database.drop();
});

async function newEvaluation(): Promise<Evaluation> {
  const patient = await clinician.request<{ id: string }>('POST', '/api/patients', {
    mrn: `SHUT-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    name: 'Shutdown Test',
    birthDate: '1950-01-01',
    sex: 'female',
  });
  const evaluation = await clinician.request<Evaluation>(
    'POST',
    `/api/patients/${patient.body.id}/evaluations`,
    {},
  );
  expect(evaluation.status).toBe(201);
  return evaluation.body;
}

/**
 * A PATCH whose headers and first half of the body are sent now; `finish()` sends the rest. The
 * server has the request in flight (reading its body) in between.
 */
function slowSave(evaluation: Evaluation, answers: Record<string, unknown>) {
  const body = Buffer.from(JSON.stringify({ answers }));
  const url = new URL(server.baseUrl);
  let resolveAnswer: (value: { status: number; connection?: string; body: string }) => void;
  let rejectAnswer: (err: Error) => void;
  const answer = new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
    resolveAnswer = resolve;
    rejectAnswer = reject;
  });
  const req = http.request(
    {
      host: url.hostname,
      port: url.port,
      method: 'PATCH',
      path: `/api/evaluations/${evaluation.id}`,
      agent: new http.Agent({ keepAlive: true }),
      headers: {
        cookie: clinician.cookie!,
        'x-csrf-token': clinician.csrfToken!,
        'content-type': 'application/json',
        'content-length': String(body.length),
        'if-match': `"${evaluation.version}"`,
      },
    },
    (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolveAnswer({ status: res.statusCode ?? 0, connection: res.headers.connection, body: text }),
      );
    },
  );
  req.on('error', (err) => rejectAnswer(err));
  req.write(body.subarray(0, body.length >> 1));
  return {
    answer,
    finish: () => req.end(body.subarray(body.length >> 1)),
  };
}

async function refused(): Promise<boolean> {
  try {
    await fetch(`${server.baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
    return false;
  } catch {
    return true;
  }
}

it('SIGTERM: an in-flight save completes and is stored, new connections are refused, exit 0', async () => {
  const evaluation = await newEvaluation();
  const note = `Saved during shutdown ${'·'.repeat(1500)}`;
  const save = slowSave(evaluation, { 'notes.history': note, 'lab.ferritin': 42 });
  await sleep(300); // the server is reading the body

  const signalledAt = Date.now();
  server.signal('SIGTERM');
  await sleep(300);
  expect(await refused()).toBe(true);

  save.finish();
  const answer = await save.answer;
  expect(answer.status, answer.body).toBe(200);
  expect(answer.connection).toBe('close');
  const saved = JSON.parse(answer.body) as Evaluation;
  expect(saved.version).toBe(evaluation.version + 1);
  expect(saved.answers['notes.history']).toBe(note);

  const exit = await server.exited();
  expect(exit).toEqual({ code: 0, signal: null });
  // It went as soon as the request was answered, not at the end of the grace period.
  expect(Date.now() - signalledAt).toBeLessThan(GRACE_MS);

  await server.start();
  const stored = await clinician.request<Evaluation>('GET', `/api/evaluations/${evaluation.id}`);
  expect(stored.body.version).toBe(saved.version);
  expect(stored.body.answers['notes.history']).toBe(note);
  expect(stored.body.answers['lab.ferritin']).toBe(42);
}, 60_000);

it('SIGTERM: a request still unfinished after the grace period is cut off, stores nothing, exit 0', async () => {
  const evaluation = await newEvaluation();
  const save = slowSave(evaluation, { 'notes.exam': 'never sent in full' });
  const outcome = save.answer.then(
    (a) => `answered ${a.status}`,
    (err: Error) => `cut off: ${err.message}`,
  );
  await sleep(300);
  const signalledAt = Date.now();
  server.signal('SIGTERM');
  const exit = await server.exited();
  const took = Date.now() - signalledAt;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(took).toBeGreaterThanOrEqual(GRACE_MS - 100);
  expect(took).toBeLessThan(GRACE_MS + 3000);
  expect(await outcome).toMatch(/^cut off/);

  await server.start();
  const stored = await clinician.request<Evaluation>('GET', `/api/evaluations/${evaluation.id}`);
  expect(stored.body.version).toBe(evaluation.version);
  expect(stored.body.answers['notes.exam']).toBeUndefined();
  const stopped = await server.stop();
  expect(stopped.code).toBe(0);
  expect(verifyAuditChain(database).ok).toBe(true);
}, 60_000);
