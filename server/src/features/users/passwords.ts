import { randomBytes } from 'node:crypto';
import { hash, verify, type Options } from '@node-rs/argon2';
import { COMMON_PASSWORDS } from './common-passwords';

/** argon2id with OWASP's parameters: m = 19 MiB, t = 2, p = 1 (~140 ms here). */
const ARGON2ID: Options = {
  algorithm: 2 /* Algorithm.Argon2id */,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/** At most this many argon2 computations run at once (19 MiB each); the rest wait their turn. */
export const MAX_CONCURRENT_HASHES = 4;

/** A counting semaphore: `run` waits for a free slot, so a login burst queues instead of exhausting memory. */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(slots: number) {
    this.#free = slots;
  }

  /** Slots in use and callers waiting (for tests and diagnostics). */
  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.#waiting.shift();
      if (next)
        next(); // hand the slot straight to the next caller
      else this.#free += 1;
    }
  }
}

export const argon2Slots = new Semaphore(MAX_CONCURRENT_HASHES);

export function hashPassword(password: string): Promise<string> {
  return argon2Slots.run(() => hash(password, ARGON2ID));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await argon2Slots.run(() => verify(passwordHash, password));
  } catch {
    return false; // a malformed stored hash never matches
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the same time as a real check for a user that does not exist, so response timing does not
 * reveal which usernames are valid. Always false.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(await dummyHash, password);
  return false;
}

/** The password with leading and trailing digits, spaces and symbols removed, lower-cased. */
function core(password: string): string {
  return password.toLowerCase().replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
}

/** One character repeated, or a short block repeated ("abcabcabcabc", "12121212…"). */
function isRepetitive(password: string): boolean {
  for (let size = 1; size <= 4; size++) {
    const block = password.slice(0, size);
    if (block.repeat(Math.ceil(password.length / size)).slice(0, password.length) === password) return true;
  }
  return false;
}

/** Every character one code point after (or before) the previous one: "abcdefghijkl", "987654321098". */
function isSequence(password: string): boolean {
  const codes = [...password.toLowerCase()].map((c) => c.codePointAt(0)!);
  const step = (i: number) => codes[i + 1]! - codes[i]!;
  const first = step(0);
  if (Math.abs(first) !== 1) return false;
  for (let i = 1; i < codes.length - 1; i++) {
    const s = step(i);
    // 9 → 0 and 0 → 9 keep a digit run going ("789012").
    if (s !== first && !(first === 1 && s === -9) && !(first === -1 && s === 9)) return false;
  }
  return true;
}

/**
 * Why a new password is not acceptable, or null when it is (NIST SP 800-63B 5.1.1.2): at least 12
 * characters, not a common password (also once leading/trailing digits and symbols are removed),
 * not repetitive or sequential, and not containing the username.
 */
export function passwordProblem(password: string, username?: string): string | null {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`;
  const lower = password.toLowerCase();
  const base = core(password);
  if (
    COMMON_PASSWORDS.has(lower) ||
    COMMON_PASSWORDS.has(lower.replace(/\s+/g, '')) ||
    COMMON_PASSWORDS.has(base)
  ) {
    return 'is too common: choose a password that is not on lists of frequently used passwords';
  }
  if (isRepetitive(lower) || isSequence(lower))
    return 'is too easy to guess (repeated or sequential characters)';
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3 && lower.includes(name)) return 'must not contain the username';
  return null;
}
