/**
 * Scale data: a SQLite database with many patients and evaluations that look like a clinic's year —
 * for `npm run seed:scale` (tests/bench/seed-scale.ts), `npm run bench` and the workload benchmark.
 *
 * Realism where it matters to speed:
 * - Answers come from the real workup definition (@rls/shared `getWorkup()`), each stage filled item
 *   by item as a clinician would (enableWhen respected, values around the reference ranges), and are
 *   stored exactly as the service stores them: every answer set goes through the service's own state
 *   transitions (`startEvaluation`, `applyEdit`, `signState`), so answers, not-done marks, the
 *   assessment (findings, suggestions, pending items) and the plan are what the rules produce. A pool
 *   of such answer sets ("templates") is built first; each evaluation takes one, cut after the stage
 *   it is in.
 * - Every status and stage: drafts just started and in progress at each stage, evaluations opened
 *   for amendment, signed ones (some amended and signed again), discarded drafts. Several
 *   clinicians with unequal workloads, a year of weekday clinic-hour dates, durations to sign-off
 *   from minutes to weeks, follow-up dates.
 * - Patients with varied names (a skewed surname distribution, so a search matches a realistic
 *   number of them), MRNs, birth dates and sexes; the worklist summary columns filled as
 *   `syncWorklist` would.
 *
 * Bulk-loaded with better-sqlite3 prepared statements in large transactions (secondary indexes
 * dropped during the load and built once after), then the workload rollups are built by the app's
 * own `rebuildWorkloadRollups`. Not written: the per-version change history (`evaluation_changes`)
 * and signed snapshots (`evaluation_versions`): a signed evaluation without a snapshot is read live.
 * Deterministic for given options (fixed PRNG seed), except the random UUIDs.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import {
  getWorkup,
  isEnabled,
  listItems,
  STAGE_IDS,
  type Answers,
  type AnswerValue,
  type PatientContext,
  type Sex,
  type StageId,
  type WorkupItem,
} from '@rls/shared';
import SQLite from 'better-sqlite3';
import { pino } from 'pino';
import { ManualClock } from '../../server/src/clock';
import { loadConfig } from '../../server/src/config';
import { closeContext, createContext } from '../../server/src/context';
import { migrateToLatest } from '../../server/src/db/migrations';
import type { EvaluationState } from '../../server/src/features/evaluations/model';
import { toRow } from '../../server/src/features/evaluations/model';
import {
  applyEdit,
  offeredSuggestions,
  signState,
  startEvaluation,
} from '../../server/src/features/evaluations/transitions';
import { ROLLUP_LEVELS, rollupRows } from '../../server/src/features/workload/rebuild';
import { accumulate, contributionOf, newTotals } from '../../server/src/features/workload/rollups';
import { hashPassword } from '../../server/src/features/users/passwords';

export interface SeedScaleOptions {
  /** SQLite file to create. It must not exist (the CLI's --force removes it first). */
  file: string;
  patients: number;
  evaluations: number;
  /** Default 40. */
  clinicians?: number;
  /** The clinic's "now": evaluations span the year before it. Default: the current time. */
  now?: Date;
  /** The time zone the rollups are built in; default `process.env.TZ` or UTC (as the server's config). */
  tz?: string;
  /** Called as work advances (phase name, done, total), at most a few times a second per phase. */
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface SeedScaleResult {
  /** The password of every user created (no MFA). */
  password: string;
  /** Usernames. */
  clinicians: string[];
  admins: string[];
  sample: {
    /** An evaluation in progress (draft), assigned to `clinician`. */
    evaluationId: string;
    patientId: string;
    /** Matches a realistic number of patients (about 0.2 %). */
    searchTerm: string;
    /** Username of the sample evaluation's assignee. */
    clinician: string;
  };
}

export const SCALE_PASSWORD = 'scale-bench-password-2026';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

// --- deterministic randomness -------------------------------------------------------------------

function prng(seed: number): () => number {
  // mulberry32
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let random = prng(20261125);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
function normal(): number {
  const u = Math.max(1e-12, random());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
const iso = (ms: number) => new Date(ms).toISOString();

// --- names --------------------------------------------------------------------------------------

const FIRST_FEMALE = [
  'Anna',
  'Maria',
  'Emma',
  'Sophie',
  'Laura',
  'Julia',
  'Lena',
  'Clara',
  'Hannah',
  'Sarah',
  'Eva',
  'Marta',
  'Ingrid',
  'Helga',
  'Ruth',
  'Nora',
  'Olivia',
  'Grace',
  'Alice',
  'Chloe',
  'Isabel',
  'Lucia',
  'Paula',
  'Rosa',
  'Elena',
  'Irene',
  'Karin',
  'Monika',
  'Petra',
  'Sabine',
  'Ursula',
  'Vera',
  'Yasmin',
  'Zoe',
];
const FIRST_MALE = [
  'Thomas',
  'Michael',
  'Peter',
  'Jan',
  'Lukas',
  'Felix',
  'Paul',
  'David',
  'Daniel',
  'Martin',
  'Stefan',
  'Andreas',
  'Klaus',
  'Jürgen',
  'Hans',
  'Karl',
  'Oliver',
  'James',
  'Samuel',
  'Noah',
  'Elias',
  'Jonas',
  'Mateo',
  'Luis',
  'Marco',
  'Pedro',
  'Tomás',
  'Viktor',
  'Walter',
  'Yusuf',
  'Omar',
  'Ivan',
  'Erik',
];
const SURNAMES = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Schröder',
  'Neumann',
  'Schwarz',
  'Braun',
  'Zimmermann',
  'Krüger',
  'Hartmann',
  'Lange',
  'Werner',
  'Krause',
  'Lehmann',
  'Köhler',
  'Maier',
  'Herrmann',
  'Walter',
  'König',
  'Smith',
  'Johnson',
  'Brown',
  'Taylor',
  'Wilson',
  'Davies',
  'Evans',
  'Thomas',
  'Roberts',
  'Walker',
  'García',
  'Fernández',
  'López',
  'Martínez',
  'Sánchez',
  'Pérez',
  'Rossi',
  'Russo',
  'Ferrari',
  'Esposito',
  'Bianchi',
  'Romano',
  'Colombo',
  'Ricci',
  'Marino',
  'Greco',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Laurent',
  'Nowak',
  'Kowalski',
  'Wiśniewski',
  'Novák',
  'Horváth',
  'Nagy',
  'Jansen',
  'de Vries',
  'van Dijk',
  'Bakker',
  'Jensen',
  'Nielsen',
  'Hansen',
  'Andersson',
  'Johansson',
  'Karlsson',
  'Virtanen',
  'Korhonen',
  'Yılmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Çelik',
  'Öztürk',
  'Popescu',
  'Ionescu',
  'Papadopoulos',
  'Silva',
  'Santos',
  'Oliveira',
  'Pereira',
  'Costa',
  'Almeida',
  'Murphy',
  'Kelly',
  "O'Brien",
  'Byrne',
  'Ryan',
  'Walsh',
  'Okafor',
  'Mensah',
  'Nguyen',
  'Tran',
  'Kim',
  'Park',
  'Lee',
  'Chen',
  'Wang',
  'Zhang',
  'Liu',
  'Yamamoto',
  'Tanaka',
  'Suzuki',
  'Sato',
  'Khan',
  'Ahmed',
  'Ali',
  'Hussain',
  'Singh',
  'Patel',
  'Sharma',
  'Gupta',
  'Kumar',
  'Haddad',
  'Nasser',
  'Cohen',
  'Levi',
  'Friedman',
  'Vogel',
  'Fuchs',
  'Berger',
  'Frank',
  'Roth',
  'Beck',
  'Lorenz',
  'Baumann',
  'Franke',
  'Albrecht',
  'Schuster',
  'Simon',
  'Ludwig',
  'Böhm',
  'Winter',
  'Kraus',
  'Martin',
  'Schumacher',
  'Krämer',
  'Vogt',
  'Stein',
  'Jäger',
  'Otto',
  'Sommer',
  'Groß',
  'Seidel',
  'Heinrich',
  'Brandt',
  'Haas',
  'Schreiber',
  'Graf',
  'Schulte',
  'Dietrich',
  'Ziegler',
  'Kuhn',
  'Kühn',
  'Pohl',
  'Engel',
  'Horn',
  'Busch',
  'Bergmann',
  'Thomsen',
  'Voigt',
  'Sauer',
  'Arnold',
  'Wolff',
  'Pfeiffer',
];
/** Zipf-like weights: a few common surnames, a long tail of rare ones. */
const SURNAME_CDF = (() => {
  const weights = SURNAMES.map((_, i) => 1 / (i + 3) ** 0.9);
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w / total));
})();
function surnameIndex(): number {
  const r = random();
  let lo = 0;
  let hi = SURNAME_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (SURNAME_CDF[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const AMEND_REASONS = [
  'Late lab result added',
  'Corrected CEAP class after review',
  'Duplex report received',
  'Typo in ferritin value',
  'Plan changed after discussion',
];

// --- answers from the workup definition ----------------------------------------------------------

const workup = getWorkup();
const ITEMS_BY_STAGE = new Map<StageId, readonly WorkupItem[]>(
  STAGE_IDS.map((s) => [s, listItems(workup).filter((i) => i.stage === s)]),
);

function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

/** How often a yes/no item is answered yes (default 10 %). */
const YES: Record<string, number> = {
  clinicallySignificant: 0.9,
  'labs.morningDraw': 0.8,
  'labs.noIron24h': 0.9,
  'duplex.performed': 0.55,
  'duplex.dvt': 0.03,
  'angiography.performed': 0.03,
  pregnant: 0.02,
  breastfeeding: 0.02,
  familyHistory: 0.4,
};

/** Median and spread of numbers without a reference range. */
const TYPICAL: Record<string, [number, number]> = {
  onsetAge: [45, 12],
  'symptoms.daysPerWeek': [5, 2],
  'symptoms.hoursPerDay': [4, 2],
  'sleep.onsetLatencyMin': [30, 20],
  'sleep.awakenings': [2, 1.5],
  'duplex.refluxMs.gsv': [250, 350],
  'duplex.refluxMs.ssv': [200, 300],
  'duplex.refluxMs.cfv': [300, 350],
  'duplex.refluxMs.fv': [300, 350],
  'duplex.refluxMs.pop': [300, 350],
  'duplex.refluxMs.perf': [150, 200],
  'duplex.perfDiameterMm': [2.5, 0.8],
  abi: [1.08, 0.1],
  tbi: [0.8, 0.1],
};

/**
 * A plausible value for one item. Most patients are unremarkable in most respects: numbers mostly
 * inside the reference range (a tail outside), few comorbidities and triggers, normal exam choices
 * more often than not — so an evaluation carries a handful of findings, as in a clinic.
 */
function valueFor(item: WorkupItem): AnswerValue | undefined {
  switch (item.type) {
    case 'boolean':
      // The five diagnostic criteria are usually met in a clinic that sees RLS referrals.
      if (item.code.startsWith('criteria.')) return random() < 0.93;
      return random() < (YES[item.code] ?? 0.1);
    case 'choice':
      if (!item.options || item.options.length === 0) return undefined;
      // The first option is the unremarkable one where there is one (normal, C0, chronic-persistent).
      return random() < 0.85 ? item.options[0]!.code : pick(item.options).code;
    case 'multi': {
      if (!item.options || item.options.length === 0 || random() < 0.85) return [];
      return [pick(item.options).code];
    }
    case 'integer':
    case 'number': {
      const min = item.range?.min ?? 0;
      const max = item.range?.max ?? 100;
      const typical = TYPICAL[item.baseCode] ?? (item.code.startsWith('irls.') ? [2, 1] : undefined);
      if (typical) {
        const v = Math.min(max, Math.max(min, typical[0] + normal() * typical[1]));
        return item.type === 'integer' ? Math.round(v) : round(v, item.decimals ?? 2);
      }
      const low = item.referenceRange?.low ?? min + (max - min) * 0.2;
      const high = item.referenceRange?.high ?? min + (max - min) * 0.5;
      const mid = (low + high) / 2;
      const spread = Math.max((high - low) / 2, (max - min) / 100);
      const v = Math.min(max, Math.max(min, mid + normal() * spread * 0.6));
      return item.type === 'integer' ? Math.round(v) : round(v, item.decimals ?? 1);
    }
    default:
      return undefined; // dates and free text are left empty
  }
}

/** Answers for one stage, item by item in walk order, respecting what earlier answers enable. */
function stageAnswers(stage: StageId, so_far: Answers, patient: PatientContext): Answers {
  const out: Answers = {};
  const all: Answers = { ...so_far };
  for (const item of ITEMS_BY_STAGE.get(stage)!) {
    if (!isEnabled(item, all, patient)) continue;
    if (random() < 0.08) continue; // left unanswered
    const v = valueFor(item);
    if (v === undefined) continue;
    out[item.code] = v;
    all[item.code] = v;
  }
  return out;
}

/** The stored columns of an evaluation's answers at one point (JSON text, as saveEvaluation writes). */
interface Cut {
  answers: string;
  answer_meta: string;
  assessment: string;
  /** The plan object (its follow-up date is set per evaluation). */
  plan: EvaluationState['plan'];
  /** The assessment reduced to its finding codes: all the rollups read of it (parsed once here). */
  codesOnly: string;
}

interface Template {
  sex: Sex;
  /** cuts[k]: after k stages were entered (0: just started). */
  cuts: Cut[];
  /** Signed (plan reviewed, suggestions ticked); null when the answers cannot be signed. */
  signed: Cut | null;
}

function cutOf(state: EvaluationState): Cut {
  const row = toRow(state);
  return {
    answers: row.answers,
    answer_meta: row.answer_meta,
    assessment: row.assessment,
    plan: state.plan,
    codesOnly: JSON.stringify({ findings: state.assessment.findings.map((f) => ({ code: f.code })) }),
  };
}

/** An answer set built through the service's own transitions (so the assessment is the rules'). */
function buildTemplate(sex: Sex, birthDate: string): Template {
  const patient: PatientContext = { sex, birthDate };
  const when = { now: '2026-01-05T09:00:00.000Z', today: '2026-01-05' };
  let state = startEvaluation({ id: randomUUID(), patientId: 'template', by: 'template' }, patient, when);
  const cuts: Cut[] = [cutOf(state)];
  for (const stage of STAGE_IDS) {
    let answers = stageAnswers(stage, state.answers, patient);
    for (let attempt = 0; attempt < 4 && Object.keys(answers).length > 0; attempt++) {
      const result = applyEdit(state, patient, { answers }, when);
      if (result.ok) {
        state = result.state;
        break;
      }
      // Drop what the service rejects (derived items, values it refuses) and try again.
      const bad = new Set(
        result.items
          .map((i) => i.code.split('.').slice(0, -1).join('.'))
          .concat(result.items.map((i) => i.code)),
      );
      answers = Object.fromEntries(Object.entries(answers).filter(([code]) => !bad.has(code)));
    }
    cuts.push(cutOf(state));
  }
  const offered = [...offeredSuggestions(state)];
  const selected = offered.filter(() => random() < 0.5);
  const planned = applyEdit(
    state,
    patient,
    { plan: { selected, custom: [], followUpDate: null, reviewed: true } },
    when,
  );
  let signed: Cut | null = null;
  if (planned.ok) {
    const result = signState(planned.state, patient, 'template', when);
    if (result.ok) signed = cutOf(result.state);
  }
  return { sex, cuts, signed };
}

// --- the clinic ---------------------------------------------------------------------------------

/** Weekday clinic hours (07:30–17:30 UTC) of a random day in [fromMs, toMs). */
function clinicTime(fromMs: number, toMs: number): number {
  for (let attempt = 0; ; attempt++) {
    const dayMs = fromMs + random() * (toMs - fromMs);
    const d = new Date(dayMs);
    const weekday = d.getUTCDay();
    if ((weekday === 0 || weekday === 6) && attempt < 5 && random() < 0.9) continue;
    const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    const t = midnight + 7.5 * HOUR + random() * 10 * HOUR;
    return Math.min(Math.max(t, fromMs), toMs - MIN);
  }
}

function stageTimesJson(stageStarts: number[], stageEnds: number[], count: number): string {
  const times: Record<string, { firstAt: string; lastAt: string }> = {};
  for (let i = 0; i < count; i++)
    times[STAGE_IDS[i]!] = { firstAt: iso(stageStarts[i]!), lastAt: iso(stageEnds[i]!) };
  return JSON.stringify(times);
}

/** Stage i's first and last change: history and exam at the visit, labs and imaging days later. */
function stageSchedule(start: number, end: number): { starts: number[]; ends: number[] } {
  const span = Math.max(end - start, 4 * MIN);
  const offsets = [0.01, 0.06, 0.3, 0.6].map((f, i) => f + (random() - 0.5) * 0.04 * (i + 1));
  const starts = offsets.map((f) => start + Math.max(0, f) * span);
  const ends = starts.map((s, i) =>
    Math.min(end, s + Math.max(MIN, span * (0.02 + random() * 0.08) * (i + 1))),
  );
  return { starts, ends };
}

interface Progress {
  (phase: string, done: number, total: number): void;
}

function throttled(onProgress: Progress | undefined): Progress {
  let last = 0;
  return (phase, done, total) => {
    if (!onProgress) return;
    const now = Date.now();
    if (done === 0 || done >= total || now - last >= 200) {
      last = now;
      onProgress(phase, done, total);
    }
  };
}

export async function seedScale(opts: SeedScaleOptions): Promise<SeedScaleResult> {
  const PATIENTS = opts.patients;
  const EVALUATIONS = opts.evaluations;
  const CLINICIANS = opts.clinicians ?? 40;
  const now = opts.now ?? new Date();
  const tz = opts.tz ?? process.env.TZ ?? 'UTC';
  const progress = throttled(opts.onProgress);
  if (fs.existsSync(opts.file)) throw new Error(`${opts.file} exists: not overwriting it`);
  random = prng(20261125);

  // 1. Schema, through the app's migrations.
  progress('schema', 0, 1);
  const config = loadConfig({
    DATABASE_URL: `sqlite:${opts.file}`,
    LOG_LEVEL: 'silent',
    TZ: tz,
    RLS_DEMO: '0',
  });
  const ctx = createContext(config, { clock: new ManualClock(now), logger: pino({ level: 'silent' }) });
  await migrateToLatest(ctx.db, ctx.dialect, config.keys);
  await closeContext(ctx);
  progress('schema', 1, 1);

  // 2. Answer sets through the service's transitions.
  const TEMPLATES = Math.max(60, Math.min(240, Math.round(EVALUATIONS / 2000)));
  const templatesBySex = new Map<Sex, Template[]>([
    ['female', []],
    ['male', []],
    ['other', []],
  ]);
  const signable = new Map<Sex, Template[]>([
    ['female', []],
    ['male', []],
    ['other', []],
  ]);
  progress('answer sets', 0, TEMPLATES);
  for (let i = 0; i < TEMPLATES; i++) {
    const sex: Sex = i % 20 === 19 ? 'other' : i % 5 < 3 ? 'female' : 'male';
    const birthYear = 1935 + Math.floor(random() * 70);
    const t = buildTemplate(sex, `${birthYear}-06-15`);
    templatesBySex.get(sex)!.push(t);
    if (t.signed) signable.get(sex)!.push(t);
    progress('answer sets', i + 1, TEMPLATES);
  }
  const anySignable = [...signable.values()].flat();
  if (anySignable.length === 0) throw new Error('no answer set could be signed');

  // 3. Users: one argon2 hash shared by every account (hashing each would take seconds).
  const passwordHash = await hashPassword(SCALE_PASSWORD);
  const raw = new SQLite(opts.file);
  // A throwaway bulk load: no journal, no syncs, a large page cache (the file is WAL again at the end).
  raw.pragma('journal_mode = OFF');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -524288');
  // Rows reference each other consistently; a patient row is written after its evaluations (it
  // carries their worklist summary), so the load runs without foreign-key checks.
  raw.pragma('foreign_keys = OFF');
  const created = iso(now.getTime() - YEAR - 30 * DAY);
  const insertUser = raw.prepare(
    `insert into users (id, username, name, role, password_hash, active, mfa_enabled, created_at, updated_at, password_changed_at)
     values (?, ?, ?, ?, ?, 1, 0, ?, ?, ?)`,
  );
  const clinicianIds: string[] = [];
  const clinicianNames: string[] = [];
  const admins = ['admin', 'admin2'];
  raw.transaction(() => {
    for (let i = 1; i <= CLINICIANS; i++) {
      const id = randomUUID();
      const username = `clin${String(i).padStart(2, '0')}`;
      clinicianIds.push(id);
      clinicianNames.push(username);
      const name = `Dr. ${pick(i % 2 ? FIRST_FEMALE : FIRST_MALE)} ${SURNAMES[(i * 37) % SURNAMES.length]}`;
      insertUser.run(id, username, name, 'clinician', passwordHash, created, created, created);
    }
    admins.forEach((username, i) =>
      insertUser.run(
        randomUUID(),
        username,
        `Clinic Admin ${i + 1}`,
        'admin',
        passwordHash,
        created,
        created,
        created,
      ),
    );
  })();
  // Unequal workloads: part-timers and busy clinicians.
  const clinicianCdf = (() => {
    const w = clinicianIds.map(() => 0.3 + random() * 1.7);
    const total = w.reduce((a, b) => a + b, 0);
    let acc = 0;
    return w.map((x) => (acc += x / total));
  })();
  const pickClinician = (): number => {
    const r = random();
    const i = clinicianCdf.findIndex((c) => c >= r);
    return i < 0 ? clinicianIds.length - 1 : i;
  };

  // 4. Patients and evaluations, secondary indexes dropped during the load.
  const indexes = raw
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and tbl_name in ('patients', 'evaluations', 'amendments', 'evaluation_findings') and sql is not null`,
    )
    .all() as { name: string; sql: string }[];
  for (const index of indexes) raw.exec(`drop index ${index.name}`);

  // Evaluations per patient: skewed (frequent visitors, and patients never evaluated).
  const perPatient = new Uint32Array(PATIENTS);
  for (let i = 0; i < EVALUATIONS; i++) perPatient[Math.floor(random() ** 1.25 * PATIENTS)]! += 1;

  const insertPatient = raw.prepare(
    `insert into patients (id, mrn, name, birth_date, sex, search_text, created_at, updated_at, created_by,
       latest_evaluation_id, worklist_status, worklist_status_rank, worklist_stage, worklist_assignee_id,
       worklist_follow_up_date, worklist_updated_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertEvaluation = raw.prepare(
    `insert into evaluations (id, patient_id, status, workflow_version, version, assignee_id, current_stage, answers,
       answer_meta, plan, assessment, stage_times, follow_up_date, started_at, updated_at, signed_at, signed_by, created_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFinding = raw.prepare(
    `insert into evaluation_findings (evaluation_id, finding_code, signed_at, assignee_id) values (?, ?, ?, ?)`,
  );
  // The workload rollups, accumulated from each row as it is written with the app's own
  // contributionOf (rollups.ts) and written at the end as its rebuild would (rollupRows): re-reading a
  // million evaluations of several kilobytes each would take longer than generating them.
  const totals = newTotals();
  const insertAmendment = raw.prepare(
    `insert into amendments (id, evaluation_id, reason, by, at, from_version) values (?, ?, ?, ?, ?, ?)`,
  );
  const STATUS_RANK = { draft: 0, amending: 1, signed: 2 } as const;
  const nowMs = now.getTime();
  const yearAgo = nowMs - YEAR;
  const surnameCounts = new Uint32Array(SURNAMES.length);
  const surnameOf: number[] = [];
  let sample = null as { evaluationId: string; patientId: string; assignee: number } | null;
  let evaluations = 0;
  const BATCH = Math.max(100, Math.round(PATIENTS / 50));

  progress('patients and evaluations', 0, EVALUATIONS);
  for (let p0 = 0; p0 < PATIENTS; p0 += BATCH) {
    raw.transaction(() => {
      for (let p = p0; p < Math.min(PATIENTS, p0 + BATCH); p++) {
        const patientId = randomUUID();
        const r = random();
        const sex: Sex = r < 0.6 ? 'female' : r < 0.98 ? 'male' : 'other';
        const first = pick(
          sex === 'male' ? FIRST_MALE : sex === 'female' ? FIRST_FEMALE : [...FIRST_FEMALE, ...FIRST_MALE],
        );
        const s = surnameIndex();
        surnameCounts[s]! += 1;
        surnameOf[p] = s;
        const name = `${first} ${SURNAMES[s]}`;
        // A bijection of p onto 7-digit numbers: unique, not sequential.
        const mrn = `M${String(((p * 7919 + 1234567) % 9_000_000) + 1_000_000)}`;
        const birth = iso(Date.UTC(1930, 0, 1) + random() * 75 * YEAR).slice(0, 10);
        const patientCreated = yearAgo - random() * 3 * YEAR;

        const k = perPatient[p]!;
        const starts = Array.from({ length: k }, () => clinicTime(yearAgo, nowMs - 10 * MIN)).sort(
          (a, b) => a - b,
        );
        const lastOpen = random() < 0.3;
        const templates = templatesBySex.get(sex)!;
        const signables = signable.get(sex)!.length > 0 ? signable.get(sex)! : anySignable;
        let latest: {
          id: string;
          status: 'draft' | 'amending' | 'signed';
          stage: string;
          assignee: string;
          followUp: string | null;
          updated: string;
        } | null = null;
        for (let i = 0; i < k; i++) {
          const id = randomUUID();
          const start = starts[i]!;
          const next = starts[i + 1] ?? nowMs;
          const assigneeIndex = pickClinician();
          const assignee = clinicianIds[assigneeIndex]!;
          const isLast = i === k - 1;
          const roll = random();
          // The last evaluation may be open; older ones are signed, a few discarded.
          const kind: 'draft' | 'amending' | 'signed' | 'amended' | 'discarded' =
            isLast && lastOpen
              ? roll < 0.88
                ? 'draft'
                : 'amending'
              : roll < 0.035
                ? 'discarded'
                : roll < 0.065
                  ? 'amended'
                  : 'signed';
          let status: 'draft' | 'amending' | 'signed' | 'discarded';
          let stage: string;
          let cut: Cut;
          let stageTimes: string;
          let updated: number;
          let signedAt: number | null = null;
          let followUp: string | null = null;
          let version: number;
          if (kind === 'draft' || kind === 'discarded') {
            status = kind;
            const t = pick(templates);
            const entered = Math.floor(random() * 5); // 0: just started … 4: every stage entered
            const end = Math.min(next - MIN, start + logNormal(2 * DAY, 1.2), nowMs - MIN);
            const { starts: ss, ends: se } = stageSchedule(start, Math.max(start + 4 * MIN, end));
            cut = t.cuts[entered]!;
            stage = STAGE_IDS[Math.max(0, Math.min(3, entered - (random() < 0.5 ? 1 : 0)))]!;
            stageTimes = stageTimesJson(ss, se, entered);
            updated = entered > 0 ? se[entered - 1]! : start;
            if (kind === 'discarded') updated = Math.min(nowMs - MIN, updated + random() * DAY);
            version = 1 + entered * 2 + (kind === 'discarded' ? 1 : 0);
          } else {
            const t = pick(signables);
            cut = t.signed!;
            const limit = Math.min(next - MIN, nowMs - MIN);
            const signMs = Math.max(start + 5 * MIN, Math.min(start + logNormal(20 * HOUR, 1.6), limit));
            const { starts: ss, ends: se } = stageSchedule(start, signMs - 2 * MIN);
            stageTimes = stageTimesJson(ss, se, 4);
            signedAt = signMs;
            updated = signMs;
            followUp =
              random() < 0.65 ? iso(signMs + (28 + Math.floor(random() * 150)) * DAY).slice(0, 10) : null;
            status = 'signed';
            stage = 'signed';
            version = 10;
            if (kind === 'amended' || kind === 'amending') {
              const amendAt = Math.min(nowMs - MIN, signMs + random() * 14 * DAY);
              insertAmendment.run(randomUUID(), id, pick(AMEND_REASONS), assignee, iso(amendAt), version);
              version += 1;
              if (kind === 'amending') {
                status = 'amending';
                stage = 'imaging';
                signedAt = null;
                updated = amendAt;
              } else {
                const resign = Math.min(nowMs - MIN, amendAt + random() * 2 * DAY);
                signedAt = Math.max(resign, amendAt);
                updated = signedAt;
                version += 2;
              }
            }
          }
          const plan = JSON.stringify({ ...cut.plan, followUpDate: followUp });
          insertEvaluation.run(
            id,
            patientId,
            status,
            workup.version,
            version,
            assignee,
            stage,
            cut.answers,
            cut.answer_meta,
            plan,
            cut.assessment,
            stageTimes,
            status === 'discarded' ? null : followUp,
            iso(start),
            iso(updated),
            signedAt === null ? null : iso(signedAt),
            signedAt === null ? null : assignee,
            assignee,
          );
          const c = contributionOf(
            {
              id,
              status,
              assignee_id: assignee,
              current_stage: stage,
              started_at: iso(start),
              signed_at: signedAt === null ? null : iso(signedAt),
              stage_times: stageTimes,
              assessment: status === 'signed' ? cut.codesOnly : '{}',
            },
            tz,
          );
          accumulate(totals, c);
          for (const f of c.signedFindings)
            insertFinding.run(f.evaluation_id, f.finding_code, f.signed_at, f.assignee_id);
          evaluations += 1;
          if (status !== 'discarded')
            latest = { id, status, stage, assignee, followUp, updated: iso(updated) };
          if (
            status === 'draft' &&
            stage === 'exam' &&
            (sample === null || (sample.assignee !== 0 && assigneeIndex === 0))
          )
            sample = { evaluationId: id, patientId, assignee: assigneeIndex };
        }
        const patientUpdated = iso(patientCreated);
        insertPatient.run(
          patientId,
          mrn,
          name,
          birth,
          sex,
          `${name} ${mrn}`.toLowerCase(),
          iso(patientCreated),
          patientUpdated,
          clinicianIds[0],
          latest?.id ?? null,
          latest?.status ?? 'none',
          latest ? STATUS_RANK[latest.status] : 3,
          latest?.stage ?? null,
          latest?.assignee ?? null,
          latest?.followUp ?? null,
          latest?.updated ?? patientUpdated,
        );
      }
    })();
    progress('patients and evaluations', evaluations, EVALUATIONS);
  }

  // 5. The workload rollups' counter tables.
  progress('workload rollups', 0, 1);
  const rows = rollupRows(totals);
  raw.transaction(() => {
    for (const [table, list] of Object.entries(rows) as [string, Record<string, string | number>[]][]) {
      if (list.length === 0) continue;
      const columns = Object.keys(list[0]!);
      const insert = raw.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      );
      for (const row of list) insert.run(...columns.map((c) => row[c]));
    }
    const meta = raw.prepare('insert or replace into workload_meta (key, value) values (?, ?)');
    meta.run('time_zone', tz);
    meta.run('built_at', now.toISOString());
    meta.run('levels', ROLLUP_LEVELS);
    raw.exec('update workload_version set version = version + 1 where id = 1');
  })();
  progress('workload rollups', 1, 1);

  for (let i = 0; i < indexes.length; i++) {
    progress('indexes', i, indexes.length);
    raw.exec(indexes[i]!.sql);
  }
  progress('indexes', indexes.length, indexes.length);
  progress('finishing', 0, 1);
  raw.pragma('journal_mode = WAL');
  raw.close();
  progress('finishing', 1, 1);

  // An ASCII surname matching about 0.2 % of the patients (at least one).
  const target = Math.max(1, PATIENTS * 0.002);
  let best = -1;
  surnameCounts.forEach((n, i) => {
    if (n === 0 || !/^[A-Za-z]+$/.test(SURNAMES[i]!)) return;
    if (best < 0 || Math.abs(n - target) < Math.abs(surnameCounts[best]! - target)) best = i;
  });
  if (best < 0) best = surnameOf[0] ?? 0;
  if (!sample) throw new Error('no draft evaluation was generated: use more evaluations');
  return {
    password: SCALE_PASSWORD,
    clinicians: clinicianNames,
    admins,
    sample: {
      evaluationId: sample.evaluationId,
      patientId: sample.patientId,
      searchTerm: SURNAMES[best]!.toLowerCase(),
      clinician: clinicianNames[sample.assignee]!,
    },
  };
}
