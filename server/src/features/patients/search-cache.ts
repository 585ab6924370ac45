import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';

/**
 * Recent worklist pages, in memory, per database handle (docs/decisions/020-server-throughput.md).
 *
 * A search is a substring match, which no B-tree index answers: each new search term scans every
 * patient's `search_text` (about 10–20 ms at 100,000 patients here), and a page of the unfiltered
 * worklist counts every patient for its total (1–4 ms). The same page asked again —
 * paging back, the worklist refetched when the window regains focus, several clinicians looking for
 * the same patient — is answered from here: the page's ids and the total, then the rows themselves are
 * read fresh by id (their worklist status, stage and assignee are never cached).
 *
 * Only pages whose ids and total depend on nothing but `search_text` and `mrn` are kept (the name
 * and MRN orders, no status/stage/assignee/follow-up filter). Each entry carries the value of
 * `patient_search_version` (migration 010) it was computed under; every patient create and
 * demographics edit bumps that counter in its own transaction, so a change through any instance
 * invalidates every instance's entries at its next search. Entries also expire after TTL_MS, which
 * bounds how long a write that bypasses the app (a bulk load straight into the database) goes unseen.
 */
const MAX_ENTRIES = 1000;
const TTL_MS = 60_000;

interface Entry {
  version: number;
  at: number;
  ids: string[];
  total: number;
}

const caches = new WeakMap<Kysely<Database>, Map<string, Entry>>();

function cacheOf(db: Kysely<Database>): Map<string, Entry> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  return cache;
}

/** The current value of the counter (0 before the first bump). */
export async function searchVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ version: number | string }>`
    select version from patient_search_version where id = 1`.execute(db);
  return Number(rows[0]?.version ?? 0);
}

/** Bumps the counter; call inside the transaction that changes a patient's search text or MRN. */
export async function bumpSearchVersion(db: Kysely<Database>): Promise<void> {
  await sql`
    insert into patient_search_version (id, version) values (1, 1)
    on conflict (id) do update set version = patient_search_version.version + 1`.execute(db);
}

/**
 * The cached page for `key` under `version`, else `compute()`'s, kept for next time. `version` must
 * be read before `compute` runs: a write committed in between bumps the counter, so what `compute`
 * saw is never served under the newer value.
 */
export async function cachedSearch(
  db: Kysely<Database>,
  key: string,
  version: number,
  compute: () => Promise<{ ids: string[]; total: number }>,
  now = Date.now(),
): Promise<{ ids: string[]; total: number }> {
  const cache = cacheOf(db);
  const hit = cache.get(key);
  if (hit && hit.version === version && now - hit.at < TTL_MS) {
    // Most recently used last: the first key is the one to evict.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const result = await compute();
  cache.delete(key);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, { version, at: now, ids: result.ids, total: result.total });
  return result;
}
