import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Idempotent creates (issue 17, docs/reliability.md): a `POST` sent with an `Idempotency-Key` stores
 * the key here in the same transaction as what it created, with the request's fingerprint (a SHA-256
 * of method, path and body) and the response it answered, so a retry of the same request answers the
 * same result instead of creating a duplicate, on any app instance. Keyed by (user, key): two users'
 * keys never meet. Rows are kept 24 hours (`created_at`, purged lazily through its index).
 *
 * The response columns are null only inside the creating transaction, between the claim of the key
 * and the response being known; no committed row lacks them.
 */
export function idempotencyKeys(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        /** JSON object: the response headers replayed (Location, ETag). */
        .addColumn('response_headers', 'text')
        /** The JSON body exactly as sent. */
        .addColumn('response_body', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
        .execute();
      await db.schema
        .createIndex('idempotency_keys_created_at')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
    },

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async down(db: Kysely<any>) {
      await db.schema.dropTable('idempotency_keys').ifExists().execute();
    },
  };
}
