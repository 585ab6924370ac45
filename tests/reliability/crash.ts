/**
 * Crash safety (issue 17; docs/reliability.md): "Saved" always means saved.
 *
 *   npm run reliability:crash -- [--kills 100] [--evaluations 6] [--writers 4] [--creators 2]
 *       [--min-ms 100] [--max-ms 900] [--seed N] [--entry server/dist/main.js] [--json report.json]
 *
 * Runs the real server (`node server/dist/main.js`) over a fresh SQLite file — or, when DATABASE_URL
 * names a PostgreSQL server, a fresh database created on it — and drives concurrent saves against it:
 * several clinicians, several writers per evaluation, each PATCH with If-Match (a 412 is answered by
 * taking the current version and trying again), plus patient creates with an Idempotency-Key retried
 * after every network failure. Meanwhile the server is SIGKILLed at random moments and restarted.
 *
 * Then it checks, on the restarted server and the database itself:
 * - every save answered 2xx is stored: its version's history entry holds exactly that value, and
 *   each item's final value is its last acknowledged one unless a later save (acknowledged, or sent
 *   and cut off by a kill) overwrote it;
 * - the change history has no gaps: versions 1…current, one entry each, and replaying the entries'
 *   changes gives the stored answers;
 * - every acknowledged save has its audit record, and the audit chain verifies (the project's
 *   `audit:verify` CLI);
 * - every acknowledged create exists once, and a retry of it answers the same patient;
 * - SQLite: `PRAGMA integrity_check` and `foreign_key_check` after every kill; the final shutdown
 *   (SIGTERM) exits 0.
 *
 * Exit code 0 when nothing was lost, 1 with the problems listed otherwise.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  Client,
  ensureServerBuilt,
  freshDatabase,
  seededRandom,
  ServerProcess,
  sleep,
  verifyAuditChain,
} from './harness';

export interface CrashOptions {
  kills: number;
  evaluations: number;
  /** Writers per evaluation (each owns one of the four note items; clinicians alternate). */
  writers: number;
  /** Concurrent patient creators (Idempotency-Key, retried after network failures). */
  creators: number;
  /** Time the server runs between a (re)start and its next SIGKILL, drawn uniformly. */
  minMs: number;
  maxMs: number;
  seed: number;
  /** PostgreSQL server to create the database on; SQLite when absent. */
  postgresUrl?: string;
  entry?: string;
  /** Print progress lines. */
  verbose?: boolean;
}

export interface CrashReport {
  database: 'sqlite' | 'postgres';
  seed: number;
  kills: number;
  seconds: number;
  meanRestartMs: number;
  acknowledgedSaves: number;
  /** Saves cut off by a kill (no answer): each may or may not be stored. */
  unansweredSaves: number;
  /** Of those, the ones found stored (committed before the kill, answer lost). */
  unansweredButStored: number;
  staleRetries: number;
  historyEntries: number;
  acknowledgedCreates: number;
  /** Creates retried with the same key after a network failure. */
  createRetries: number;
  replayedCreates: number;
  auditRecords: number;
  /** Acknowledged saves not found as acknowledged: must be 0. */
  lost: number;
  problems: string[];
}

const NOTE_ITEMS = ['notes.history', 'notes.exam', 'notes.labs', 'notes.imaging'] as const;

interface EvaluationBody {
  id: string;
  version: number;
  answers: Record<string, unknown>;
}
interface HistoryEntry {
  version: number;
  event?: string;
  changes: { code: string; from: unknown; to: unknown }[];
}
interface Ack {
  evaluationId: string;
  item: string;
  value: string;
  version: number;
}
interface Attempt {
  evaluationId: string;
  item: string;
  value: string;
  /** The last acknowledged version of the item before this attempt (0: none). */
  afterAckVersion: number;
}
interface CreateAck {
  by: Client;
  key: string;
  body: { mrn: string; name: string; birthDate: string; sex: string };
  id: string;
}

class Stop {
  stopped = false;
}

function isNetworkError(err: unknown): boolean {
  return err instanceof TypeError || (err instanceof Error && err.name === 'TimeoutError');
}

export async function runCrashTest(options: CrashOptions): Promise<CrashReport> {
  if (options.writers < 1 || options.writers > NOTE_ITEMS.length) {
    throw new Error(`--writers must be 1–${NOTE_ITEMS.length}: each writer owns one note item`);
  }
  const started = Date.now();
  const random = seededRandom(options.seed);
  const log = (line: string) => {
    if (options.verbose) console.log(line);
  };
  if (!options.entry) ensureServerBuilt();
  const database = await freshDatabase(options.postgresUrl);
  const logFile = path.join(os.tmpdir(), `rls-crash-${process.pid}-${randomBytes(3).toString('hex')}.log`);
  const server = await ServerProcess.create({
    database,
    logFile,
    ...(options.entry ? { entry: options.entry } : {}),
  });
  const problems: string[] = [];
  const report: CrashReport = {
    database: database.kind,
    seed: options.seed,
    kills: 0,
    seconds: 0,
    meanRestartMs: 0,
    acknowledgedSaves: 0,
    unansweredSaves: 0,
    unansweredButStored: 0,
    staleRetries: 0,
    historyEntries: 0,
    acknowledgedCreates: 0,
    createRetries: 0,
    replayedCreates: 0,
    auditRecords: 0,
    lost: 0,
    problems,
  };

  try {
    log(`database ${database.kind}; server log ${logFile}`);
    await server.start();
    const clinicians = [
      await new Client(server.baseUrl).login('clinician'),
      await new Client(server.baseUrl).login('clinician2'),
    ];

    // The evaluations under test: fresh patients, each with a draft.
    const evaluationIds: string[] = [];
    for (let e = 0; e < options.evaluations; e++) {
      const owner = clinicians[e % 2]!;
      const patient = await owner.request<{ id: string }>('POST', '/api/patients', {
        mrn: `CRASH-E${e}-${randomBytes(3).toString('hex')}`,
        name: `Crash Test ${e}`,
        birthDate: '1961-07-08',
        sex: e % 2 ? 'male' : 'female',
      });
      const evaluation = await owner.request<EvaluationBody>(
        'POST',
        `/api/patients/${patient.body.id}/evaluations`,
        {},
      );
      if (evaluation.status !== 201) throw new Error(`start evaluation: ${evaluation.status}`);
      evaluationIds.push(evaluation.body.id);
    }

    const acks: Ack[] = [];
    const attempts: Attempt[] = [];
    const creates: CreateAck[] = [];
    const stop = new Stop();

    /** One writer: owns `item` of one evaluation and saves new values to it until told to stop. */
    const writer = async (client: Client, evaluationId: string, item: string, tag: string) => {
      let version = 0;
      let lastAck = 0;
      let seq = 0;
      const refresh = async () => {
        for (;;) {
          await server.whenUp();
          try {
            const res = await client.request<EvaluationBody>('GET', `/api/evaluations/${evaluationId}`);
            if (res.status === 200) {
              version = res.body.version;
              return;
            }
            problems.push(`GET evaluation answered ${res.status}`);
            return;
          } catch (err) {
            if (!isNetworkError(err)) throw err;
          }
        }
      };
      await refresh();
      while (!stop.stopped) {
        seq += 1;
        const value = `${tag}-s${seq}-${randomBytes(6).toString('hex')}`;
        // A 412 means another writer saved first: take its version and save the same value again.
        for (let tries = 0; !stop.stopped; tries++) {
          await server.whenUp();
          let res;
          try {
            res = await client.request<
              EvaluationBody & { error?: { details?: { current?: EvaluationBody } } }
            >(
              'PATCH',
              `/api/evaluations/${evaluationId}`,
              { answers: { [item]: value } },
              { 'If-Match': `"${version}"` },
            );
          } catch (err) {
            if (!isNetworkError(err)) throw err;
            // Cut off (the server was killed): this save may or may not be stored.
            attempts.push({ evaluationId, item, value, afterAckVersion: lastAck });
            await refresh();
            break;
          }
          if (res.status === 200) {
            if (res.body.answers[item] !== value) {
              problems.push(
                `a 200 for ${item} = ${value} answered ${JSON.stringify(res.body.answers[item])}`,
              );
            }
            version = res.body.version;
            lastAck = version;
            acks.push({ evaluationId, item, value, version });
            break;
          }
          if (res.status === 412 && res.body.error?.details?.current) {
            report.staleRetries += 1;
            version = res.body.error.details.current.version;
            continue;
          }
          problems.push(`PATCH answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
          await sleep(50);
          await refresh();
          break;
        }
      }
    };

    /** One creator: patients with an Idempotency-Key, the same request retried until answered. */
    const creator = async (client: Client, tag: string) => {
      let seq = 0;
      while (!stop.stopped) {
        seq += 1;
        const key = randomUUID();
        const body = {
          mrn: `CRASH-${tag}-${seq}-${randomBytes(3).toString('hex')}`,
          name: `Crash Create ${tag} ${seq}`,
          birthDate: '1970-01-02',
          sex: 'female',
        };
        for (let attempt = 0; ; attempt++) {
          await server.whenUp();
          if (attempt > 0) report.createRetries += 1;
          try {
            const res = await client.request<{ id: string }>('POST', '/api/patients', body, {
              'Idempotency-Key': key,
            });
            if (res.status === 201) {
              creates.push({ by: client, key, body, id: res.body.id });
              if (res.headers.get('idempotent-replayed') === 'true') report.replayedCreates += 1;
            } else {
              problems.push(
                `a retried create answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
              );
            }
            break;
          } catch (err) {
            if (!isNetworkError(err)) throw err;
          }
        }
        await sleep(20);
      }
    };

    const workers: Promise<void>[] = [];
    evaluationIds.forEach((evaluationId, e) => {
      for (let w = 0; w < options.writers; w++) {
        const item = NOTE_ITEMS[w % NOTE_ITEMS.length]!;
        workers.push(writer(clinicians[w % 2]!, evaluationId, item, `e${e}w${w}`));
      }
    });
    for (let c = 0; c < options.creators; c++) workers.push(creator(clinicians[c % 2]!, `c${c}`));

    // The killer.
    const restartTimes: number[] = [];
    for (let k = 1; k <= options.kills; k++) {
      await sleep(options.minMs + random() * (options.maxMs - options.minMs));
      await server.kill();
      report.kills = k;
      if (database.kind === 'sqlite') {
        const broken = await database.integrityCheck();
        if (broken.length > 0) problems.push(`after kill ${k}: integrity check: ${broken.join('; ')}`);
      }
      restartTimes.push(await server.start());
      if (k % 10 === 0 || k === options.kills) {
        log(`kill ${k}/${options.kills}: ${acks.length} saves acknowledged, ${attempts.length} cut off`);
      }
    }
    report.meanRestartMs = Math.round(restartTimes.reduce((a, b) => a + b, 0) / (restartTimes.length || 1));
    await sleep(options.minMs);
    stop.stopped = true;
    await Promise.all(workers);

    // --- the checks ------------------------------------------------------------------------------
    const checker = clinicians[0]!;
    for (const evaluationId of evaluationIds) {
      const evaluation = await checker.request<EvaluationBody>('GET', `/api/evaluations/${evaluationId}`);
      const history = await checker.request<HistoryEntry[]>(
        'GET',
        `/api/evaluations/${evaluationId}/history`,
      );
      const entries = history.body;
      report.historyEntries += entries.length;
      const versions = entries.map((h) => h.version);
      const expected = Array.from({ length: evaluation.body.version }, (_, i) => i + 1);
      if (JSON.stringify(versions) !== JSON.stringify(expected)) {
        problems.push(
          `${evaluationId}: history versions ${versions.join(',')} are not 1…${evaluation.body.version}`,
        );
      }
      // Replaying the history gives the stored answers.
      const replayed: Record<string, unknown> = {};
      const lastChange: Record<string, number> = {};
      for (const entry of entries) {
        for (const change of entry.changes) {
          if (JSON.stringify(replayed[change.code] ?? null) !== JSON.stringify(change.from ?? null)) {
            problems.push(
              `${evaluationId} v${entry.version}: ${change.code} changed from a value it did not hold`,
            );
          }
          replayed[change.code] = change.to;
          lastChange[change.code] = entry.version;
        }
      }
      for (const item of NOTE_ITEMS) {
        if ((replayed[item] ?? null) !== (evaluation.body.answers[item] ?? null)) {
          problems.push(
            `${evaluationId}: ${item} stored ${String(evaluation.body.answers[item])}, history says ${String(replayed[item])}`,
          );
        }
      }
      const byVersion = new Map(entries.map((h) => [h.version, h]));
      for (const ack of acks.filter((a) => a.evaluationId === evaluationId)) {
        const entry = byVersion.get(ack.version);
        const change = entry?.changes.find((c) => c.code === ack.item);
        if (!change || change.to !== ack.value) {
          report.lost += 1;
          problems.push(
            `LOST: ${evaluationId} v${ack.version} ${ack.item} = ${ack.value} (acknowledged, not in its history entry)`,
          );
        }
      }
      // Each item's final value: its last acknowledged value, or a later save (acknowledged or cut off).
      for (const item of NOTE_ITEMS) {
        const mine = acks.filter((a) => a.evaluationId === evaluationId && a.item === item);
        const lastAck = mine.at(-1);
        if (!lastAck) continue;
        const final = evaluation.body.answers[item];
        if (final === lastAck.value) continue;
        const later = attempts.some(
          (t) =>
            t.evaluationId === evaluationId &&
            t.item === item &&
            t.value === final &&
            t.afterAckVersion >= lastAck.version,
        );
        if (!later || (lastChange[item] ?? 0) <= lastAck.version) {
          report.lost += 1;
          problems.push(
            `LOST: ${evaluationId} ${item} holds ${String(final)}, last acknowledged ${lastAck.value}`,
          );
        }
      }
      const stored = new Set(
        entries.flatMap((h) => h.changes.filter((c) => typeof c.to === 'string').map((c) => c.to as string)),
      );
      report.unansweredButStored += attempts.filter(
        (t) => t.evaluationId === evaluationId && stored.has(t.value),
      ).length;
    }
    report.acknowledgedSaves = acks.length;
    report.unansweredSaves = attempts.length;

    // Creates: each acknowledged one exists once, and its retry answers the same patient.
    report.acknowledgedCreates = creates.length;
    const patientRows = await database.query<{ id: string; mrn: string }>(
      "select id, mrn from patients where mrn like 'CRASH-c%'",
    );
    const byMrn = new Map<string, string[]>();
    for (const row of patientRows) byMrn.set(row.mrn, [...(byMrn.get(row.mrn) ?? []), row.id]);
    for (const create of creates) {
      const ids = byMrn.get(create.body.mrn) ?? [];
      if (ids.length !== 1 || ids[0] !== create.id) {
        report.lost += 1;
        problems.push(
          `create ${create.body.mrn}: acknowledged ${create.id}, stored ${ids.join(',') || 'nothing'}`,
        );
      }
    }
    for (const create of creates.slice(-5)) {
      const again = await create.by.request<{ id: string }>('POST', '/api/patients', create.body, {
        'Idempotency-Key': create.key,
      });
      if (again.status !== 201 || again.body.id !== create.id) {
        problems.push(`a retry of ${create.body.mrn} answered ${again.status} ${JSON.stringify(again.body)}`);
      }
    }

    // Audit: each acknowledged save has its record.
    const audited = new Set(
      (
        await database.query<{ entity_id: string; after_version: number }>(
          "select entity_id, after_version from audit_log where action = 'evaluation.update'",
        )
      ).map((r) => `${r.entity_id}:${Number(r.after_version)}`),
    );
    for (const ack of acks) {
      if (!audited.has(`${ack.evaluationId}:${ack.version}`)) {
        problems.push(`no audit record for ${ack.evaluationId} v${ack.version}`);
      }
    }

    const stopped = await server.stop();
    if (stopped.code !== 0)
      problems.push(`SIGTERM: the server exited with ${stopped.code ?? stopped.signal}`);
    const broken = await database.integrityCheck();
    if (broken.length > 0) problems.push(`final integrity check: ${broken.join('; ')}`);
    const chain = verifyAuditChain(database);
    report.auditRecords = chain.records;
    if (!chain.ok) problems.push(`audit chain: ${chain.output}`);
  } catch (err) {
    problems.push(`the run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    await server.kill().catch(() => {});
  } finally {
    report.seconds = Math.round((Date.now() - started) / 100) / 10;
    await database.drop().catch(() => {});
    if (problems.length === 0) fs.rmSync(logFile, { force: true });
    else problems.push(`server log: ${logFile}`);
  }
  return report;
}

export function formatReport(report: CrashReport): string {
  return [
    `crash test on ${report.database} (seed ${report.seed}): ${report.kills} SIGKILLs in ${report.seconds} s (mean restart ${report.meanRestartMs} ms)`,
    `  saves acknowledged:        ${report.acknowledgedSaves}`,
    `  saves cut off by a kill:   ${report.unansweredSaves} (found stored: ${report.unansweredButStored})`,
    `  412 stale, retried:        ${report.staleRetries}`,
    `  history entries checked:   ${report.historyEntries}`,
    `  creates acknowledged:      ${report.acknowledgedCreates} (retried after a failure: ${report.createRetries}, answered by replay: ${report.replayedCreates})`,
    `  audit records (chain ok):  ${report.auditRecords}`,
    `  acknowledged saves lost:   ${report.lost}`,
    report.problems.length > 0 ? `  PROBLEMS:\n    ${report.problems.join('\n    ')}` : '  problems: none',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '100' },
      evaluations: { type: 'string', default: '6' },
      writers: { type: 'string', default: '4' },
      creators: { type: 'string', default: '2' },
      'min-ms': { type: 'string', default: '100' },
      'max-ms': { type: 'string', default: '900' },
      seed: { type: 'string' },
      entry: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const seed = values.seed ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    console.error('DATABASE_URL must be a postgres:// URL (a fresh database is created on that server).');
    process.exit(2);
  }
  const report = await runCrashTest({
    kills: Number(values.kills),
    evaluations: Number(values.evaluations),
    writers: Number(values.writers),
    creators: Number(values.creators),
    minMs: Number(values['min-ms']),
    maxMs: Number(values['max-ms']),
    seed,
    ...(databaseUrl ? { postgresUrl: databaseUrl } : {}),
    ...(values.entry ? { entry: path.resolve(values.entry) } : {}),
    verbose: true,
  });
  console.log(formatReport(report));
  if (values.json) fs.writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.problems.length === 0 && report.lost === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  await main();
}
