/**
 * The one way the client talks to the API.
 *
 * - Same-origin cookies carry the session; the CSRF token lives only in this module's memory
 *   (never localStorage/sessionStorage). It is recovered from `GET /api/session` after a reload.
 * - Every failure becomes an `ApiError` with the server's `{error:{code,message,details}}`, so screens
 *   can show the server's message and branch on `code`/`status`.
 * - A 401 on any call other than `/api/session` means the session ended while the user was working:
 *   listeners registered with `onSessionEnded` take the user back to the sign-in page.
 * - Every outcome is reported to `connection.ts` (an HTTP answer: reachable; no answer: offline).
 * - A create sent with an `idempotencyKey` is retried with the SAME key when its outcome is unknown
 *   (`isUnknownOutcome`; see `lib/idempotency.ts`), so a lost answer never creates twice.
 */
import { backoffDelay } from './backoff';
import { reportReachable, reportUnreachable } from './connection';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiOptions {
  /** Sent as `If-Match` (optimistic concurrency on evaluations), e.g. `"3"`. */
  ifMatch?: string;
  /**
   * Sent as `Idempotency-Key` on a create. The server answers a repeat of the same key and body with
   * the first result instead of creating again, so the request is retried here, with the same key, when
   * its outcome is unknown (`isUnknownOutcome`: at most `CREATE_RETRIES` times, with backoff).
   */
  idempotencyKey?: string;
  /**
   * Sends `body`, which must then be a string, as it is with this `Content-Type` (e.g. `text/csv` or
   * `application/fhir+json`) instead of serialising it as JSON.
   */
  contentType?: string;
  signal?: AbortSignal;
}

/** Automatic retries of a create with an idempotency key: about 1 s, 2 s and 4 s apart. */
export const CREATE_RETRIES = 3;

const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * Whether a create sent with an idempotency key may have been made, so that asking again with the
 * same key is the way to know:
 * - `'transient'` (retried at once, by `apiResponse`): no answer (network), a gateway or server down
 *   for a moment (502, 503 — e.g. restarting — 504), or the server still busy with the same key
 *   (409 `idempotency_in_progress`);
 * - `'any'` (the key is kept for the person's own retry, lib/idempotency.ts): also a 500, a fault that
 *   would likely repeat, so it is shown at once rather than retried.
 * Anything else is the server's final word.
 */
export function isUnknownOutcome(error: unknown, kind: 'transient' | 'any'): boolean {
  if (!(error instanceof ApiError)) return false;
  const { status, code } = error;
  if (status === 0 || status === 502 || status === 503 || status === 504) return true;
  if (status === 409 && code === 'idempotency_in_progress') return true;
  return kind === 'any' && status >= 500;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  headers: Headers;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly headers: Headers;

  constructor(init: { status: number; code: string; message: string; details?: unknown; headers?: Headers }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details;
    this.headers = init.headers ?? new Headers();
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

// --- CSRF token (memory only) -------------------------------------------------------------------

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function getCsrfToken(): string | null {
  return csrfToken;
}

// --- "session ended" event ----------------------------------------------------------------------

type SessionEndedListener = () => void;
const sessionEndedListeners = new Set<SessionEndedListener>();

/** Subscribe to "the server no longer knows this session"; returns the unsubscribe function. */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

function emitSessionEnded(): void {
  for (const listener of sessionEndedListeners) listener();
}

// --- "session restored" event -------------------------------------------------------------------

const sessionRestoredListeners = new Set<() => void>();

/**
 * Subscribe to "the same user signed in again after their session ended" (the query cache and
 * unsaved work were kept): e.g. autosave sends what it could not save meanwhile. Returns the
 * unsubscribe function.
 */
export function onSessionRestored(listener: () => void): () => void {
  sessionRestoredListeners.add(listener);
  return () => sessionRestoredListeners.delete(listener);
}

/** Called by the sign-in flow (features/auth) once the same user is signed in again. */
export function emitSessionRestored(): void {
  for (const listener of sessionRestoredListeners) listener();
}

const SESSION_PATH = '/api/session';
const SAFE_METHODS = new Set<HttpMethod>(['GET']);

// --- requests -----------------------------------------------------------------------------------

/** Like `api`, but also returns the status and response headers (e.g. `ETag`). */
export async function apiResponse<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  opts: ApiOptions = {},
): Promise<ApiResponse<T>> {
  if (opts.idempotencyKey === undefined) return request<T>(method, path, body, opts);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await request<T>(method, path, body, opts);
    } catch (error) {
      if (!isUnknownOutcome(error, 'transient') || attempt > CREATE_RETRIES) throw error;
      await wait(backoffDelay(attempt), opts.signal);
    }
  }
}

async function request<T>(
  method: HttpMethod,
  path: string,
  body: unknown,
  opts: ApiOptions,
): Promise<ApiResponse<T>> {
  const response = await send(method, path, body, opts, 'application/json');
  const payload = await readJson(response);
  return { data: payload as T, status: response.status, headers: response.headers };
}

/**
 * Sends one request and returns the response when it is a success; otherwise throws an `ApiError`
 * (status 0 when the server could not be reached) and announces a session that ended.
 */
async function send(
  method: HttpMethod,
  path: string,
  body: unknown,
  opts: ApiOptions,
  accept: string,
): Promise<Response> {
  const headers = new Headers({ Accept: accept });
  if (body !== undefined) headers.set('Content-Type', opts.contentType ?? 'application/json');
  if (!SAFE_METHODS.has(method) && csrfToken) headers.set('X-CSRF-Token', csrfToken);
  if (opts.ifMatch !== undefined) headers.set('If-Match', opts.ifMatch);
  if (opts.idempotencyKey !== undefined) headers.set(IDEMPOTENCY_HEADER, opts.idempotencyKey);
  const encoded = encodeBody(body, opts.contentType);

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: encoded,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    reportUnreachable();
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'The server could not be reached. Check your connection and try again.',
    });
  }
  reportReachable();
  if (response.ok) return response;

  const payload = await readJson(response);
  const isSessionCall =
    path === SESSION_PATH || path.startsWith(`${SESSION_PATH}?`) || path.startsWith(`${SESSION_PATH}/`);
  if (response.status === 401 && !isSessionCall) {
    csrfToken = null;
    emitSessionEnded();
  }
  throw toApiError(response, payload);
}

/** JSON, or — with a `contentType` — the string as it is. */
function encodeBody(body: unknown, contentType: string | undefined): string | undefined {
  if (body === undefined) return undefined;
  if (contentType === undefined) return JSON.stringify(body);
  if (typeof body !== 'string') throw new TypeError(`A ${contentType} body must be a string.`);
  return body;
}

export interface ApiFile {
  blob: Blob;
  /** The file name the server gave in `Content-Disposition`, if any. */
  fileName: string | null;
}

/**
 * `GET` a file (e.g. a FHIR export) with the session cookie, into memory: the caller offers it with
 * `saveBlob` (lib/download.ts). Failures are `ApiError`s, as for `api()`.
 */
export async function apiFile(
  path: string,
  opts: { accept: string; signal?: AbortSignal },
): Promise<ApiFile> {
  const response = await send('GET', path, undefined, { signal: opts.signal }, opts.accept);
  const blob = await response.blob();
  return { blob, fileName: fileNameOf(response.headers.get('Content-Disposition')) };
}

/**
 * The file name of a `Content-Disposition` header: `filename*=UTF-8''…` (RFC 6266/8187) first, else
 * `filename="…"` or a bare token. Only the last path segment is kept; null when there is none.
 */
export function fileNameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(disposition);
  if (extended?.[2]) {
    try {
      name = decodeURIComponent(extended[2].trim());
    } catch {
      name = null;
    }
  }
  if (name === null) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(disposition);
    name = plain?.[1]?.replace(/\\(.)/g, '$1') ?? plain?.[2] ?? null;
  }
  const base = name?.split(/[\\/]/).pop()?.trim();
  return base ? base : null;
}

/** Resolves after `ms`, or rejects with the abort reason when `signal` aborts first. */
function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Calls the API and resolves with the parsed JSON body (`undefined` for 204). */
export async function api<T>(
  method: HttpMethod,
  path: string,
  body?: unknown,
  opts?: ApiOptions,
): Promise<T> {
  const { data } = await apiResponse<T>(method, path, body, opts);
  return data;
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 205) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toApiError(response: Response, payload: unknown): ApiError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : undefined;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message =
    typeof error?.message === 'string' && error.message ? error.message : fallbackMessage(response.status);
  return new ApiError({
    status: response.status,
    code,
    message,
    details: error?.details,
    headers: response.headers,
  });
}

function fallbackMessage(status: number): string {
  if (status === 401) return 'You are not signed in.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'Not found.';
  if (status === 429) return 'Too many requests. Wait a moment and try again.';
  if (status >= 500) return 'The server had a problem. Try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
