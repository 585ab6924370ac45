import { api, isUnknownOutcome } from './api-client';

/**
 * A random v4 UUID for `Idempotency-Key`. `crypto.randomUUID` exists only in secure contexts (HTTPS,
 * localhost): a plain-HTTP installation gets the same from `crypto.getRandomValues`.
 */
function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One create action of a screen (new patient, start evaluation, open an amendment), sent with an
 * `Idempotency-Key`. `api` retries it with the same key on a network error, 502, 503 or 504. When those
 * retries fail, whether it was created stays unknown, so the key is kept: the person pressing the
 * button again with the same input sends the same key, and the server answers with the first result
 * instead of creating a second patient or evaluation. A different input, or any answer from the
 * server (created, or refused with a 4xx), starts a new key.
 *
 * Lives as long as the component that holds it (memory only; the remembered input may be PHI).
 */
export class IdempotentCreate {
  private unknown: { body: string; key: string } | null = null;

  /** The key for this body: the kept one when the same body's outcome is still unknown. */
  keyFor(body: unknown): string {
    const text = JSON.stringify(body ?? null);
    if (this.unknown?.body !== text) this.unknown = { body: text, key: newIdempotencyKey() };
    return this.unknown.key;
  }

  /** `POST path` with `body` and this action's key; resolves with the created resource. */
  async post<T>(path: string, body: unknown): Promise<T> {
    const key = this.keyFor(body);
    try {
      const created = await api<T>('POST', path, body, { idempotencyKey: key });
      this.unknown = null;
      return created;
    } catch (error) {
      if (!isUnknownOutcome(error, 'any')) this.unknown = null;
      throw error;
    }
  }
}
