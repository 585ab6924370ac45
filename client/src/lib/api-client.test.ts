import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import {
  ApiError,
  CREATE_RETRIES,
  api,
  apiResponse,
  fileNameOf,
  onSessionEnded,
  setCsrfToken,
} from './api-client';
import { isOnline } from './connection';
import { IdempotentCreate } from './idempotency';

describe('api client', () => {
  afterEach(() => setCsrfToken(null));

  it('sends JSON with the CSRF token and If-Match on writes, and cookies on every call', async () => {
    const { requests, fetchMock } = mockApi({
      'PATCH /api/evaluations/e1': () => jsonResponse(200, { id: 'e1', version: 4 }, { ETag: '"4"' }),
      'GET /api/evaluations/e1': () => jsonResponse(200, { id: 'e1', version: 4 }),
    });
    setCsrfToken('token-123');

    const saved = await apiResponse<{ version: number }>(
      'PATCH',
      '/api/evaluations/e1',
      { answers: {} },
      { ifMatch: '"3"' },
    );
    await api('GET', '/api/evaluations/e1');

    expect(saved.data.version).toBe(4);
    expect(saved.headers.get('ETag')).toBe('"4"');
    const [patch, get] = requests;
    expect(patch?.headers.get('X-CSRF-Token')).toBe('token-123');
    expect(patch?.headers.get('If-Match')).toBe('"3"');
    expect(patch?.headers.get('Content-Type')).toBe('application/json');
    expect(patch?.body).toEqual({ answers: {} });
    expect(get?.headers.get('X-CSRF-Token')).toBeNull();
    for (const [, init] of fetchMock.mock.calls) expect(init?.credentials).toBe('same-origin');
  });

  it('turns an error body into an ApiError with code, message, details and headers', async () => {
    mockApi({
      'PATCH /api/evaluations/e1': () =>
        errorResponse(422, 'invalid_answers', 'Some answers are invalid.', {
          items: [{ code: 'irls.total', reason: 'range' }],
        }),
    });

    const error = await api('PATCH', '/api/evaluations/e1', {}).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_answers',
      message: 'Some answers are invalid.',
      details: { items: [{ code: 'irls.total', reason: 'range' }] },
    });
  });

  it('gives a readable message when the server answers without a JSON error', async () => {
    mockApi({ 'GET /api/patients': () => new Response('<html>Bad gateway</html>', { status: 502 }) });

    await expect(api('GET', '/api/patients')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports an unreachable server as a network error', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.reject(new TypeError('Failed to fetch'))),
    );

    await expect(api('GET', '/api/patients')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('announces "session ended" on a 401 from a data call, but not from the session calls', async () => {
    mockApi({
      'GET /api/patients': () => errorResponse(401, 'unauthenticated', 'Sign in.'),
      'GET /api/session': () => errorResponse(401, 'unauthenticated', 'Sign in.'),
      'POST /api/session': () => errorResponse(401, 'invalid_credentials', 'Incorrect username or password.'),
    });
    const listener = vi.fn();
    const unsubscribe = onSessionEnded(listener);

    await api('GET', '/api/session').catch(() => undefined);
    await api('POST', '/api/session', { username: 'a', password: 'b' }).catch(() => undefined);
    expect(listener).not.toHaveBeenCalled();

    await api('GET', '/api/patients').catch(() => undefined);
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });

  it('reports reachability: a network failure makes the app offline, any HTTP answer online again', async () => {
    let down = true;
    mockApi({
      'GET /api/patients': () => {
        if (down) throw new TypeError('Failed to fetch');
        return errorResponse(503, 'unavailable', 'Starting up.');
      },
    });
    await api('GET', '/api/patients').catch(() => undefined);
    expect(isOnline()).toBe(false);
    down = false;
    await api('GET', '/api/patients').catch(() => undefined);
    expect(isOnline()).toBe(true);
  });
});

describe('idempotent creates', () => {
  afterEach(() => {
    vi.useRealTimers();
    setCsrfToken(null);
  });

  const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('retries a create with the SAME Idempotency-Key after a lost answer and a 503, with backoff', async () => {
    vi.useFakeTimers();
    const answers = ['network', '503', 'created'];
    const { requests } = mockApi({
      'POST /api/patients': () => {
        const next = answers.shift();
        if (next === 'network') throw new TypeError('Failed to fetch');
        if (next === '503') return errorResponse(503, 'unavailable', 'The server is restarting.');
        return jsonResponse(201, { id: 'p-new' });
      },
    });
    setCsrfToken('token-123');

    const created = api('POST', '/api/patients', { mrn: 'MRN-1' }, { idempotencyKey: 'key-1' });
    await vi.advanceTimersByTimeAsync(0);
    expect(requests).toHaveLength(1);
    // The first retry waits 0.5–1 s, the second 1–2 s (lib/backoff.ts).
    await vi.advanceTimersByTimeAsync(1000);
    expect(requests).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2000);
    await expect(created).resolves.toEqual({ id: 'p-new' });
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.headers.get('Idempotency-Key')).toBe('key-1');
      expect(request.headers.get('X-CSRF-Token')).toBe('token-123');
      expect(request.body).toEqual({ mrn: 'MRN-1' });
    }
  });

  it('gives up after a bounded number of retries, and never retries a 4xx or a 500', async () => {
    vi.useFakeTimers();
    let status = 0;
    const { requests } = mockApi({
      'POST /api/patients': () => {
        if (status === 0) throw new TypeError('Failed to fetch');
        return errorResponse(status, 'x', 'Refused.');
      },
    });
    const lost = api('POST', '/api/patients', {}, { idempotencyKey: 'k' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(lost).resolves.toMatchObject({ status: 0 });
    expect(requests).toHaveLength(1 + CREATE_RETRIES);

    for (const refused of [409, 422, 500]) {
      requests.length = 0;
      status = refused;
      const error = api('POST', '/api/patients', {}, { idempotencyKey: 'k' }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(60_000);
      await expect(error).resolves.toMatchObject({ status: refused });
      expect(requests).toHaveLength(1);
    }
  });

  it('asks again while the server is still busy with the same key (409 idempotency_in_progress)', async () => {
    vi.useFakeTimers();
    let busy = 1;
    const { requests } = mockApi({
      'POST /api/patients/p1/evaluations': () =>
        busy-- > 0
          ? errorResponse(409, 'idempotency_in_progress', 'A request with this key is still running.')
          : jsonResponse(201, { id: 'e-new' }),
    });
    const started = api('POST', '/api/patients/p1/evaluations', {}, { idempotencyKey: 'k' });
    await vi.advanceTimersByTimeAsync(1000);
    await expect(started).resolves.toEqual({ id: 'e-new' });
    expect(requests.map((r) => r.headers.get('Idempotency-Key'))).toEqual(['k', 'k']);
  });

  it('sends no key and never retries a request without one', async () => {
    const { requests } = mockApi({
      'POST /api/patients': () => errorResponse(503, 'unavailable', 'Down.'),
    });
    await api('POST', '/api/patients', {}).catch(() => undefined);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.has('Idempotency-Key')).toBe(false);
  });

  it('keeps the key for the person pressing again with the same input after an unknown outcome', async () => {
    vi.useFakeTimers();
    let reachable = false;
    const { requests } = mockApi({
      'POST /api/patients': () => {
        if (!reachable) throw new TypeError('Failed to fetch');
        return jsonResponse(201, { id: 'p-new' });
      },
    });
    const create = new IdempotentCreate();

    const first = create.post('/api/patients', { mrn: 'MRN-1' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(first).resolves.toBeInstanceOf(ApiError);
    const firstKey = requests[0]!.headers.get('Idempotency-Key');
    expect(firstKey).toMatch(KEY);

    // Pressed again, the same patient: same key (the server answers with the first result if it was made).
    reachable = true;
    await create.post('/api/patients', { mrn: 'MRN-1' });
    expect(requests.at(-1)!.headers.get('Idempotency-Key')).toBe(firstKey);

    // The outcome is known now: the next create, even of the same input, is a new one.
    await create.post('/api/patients', { mrn: 'MRN-1' });
    const third = requests.at(-1)!.headers.get('Idempotency-Key');
    expect(third).toMatch(KEY);
    expect(third).not.toBe(firstKey);
  });

  it('starts a new key for different input, and after a definitive refusal', async () => {
    const { requests } = mockApi({
      'POST /api/patients': () => errorResponse(409, 'mrn_taken', 'That MRN is already used.'),
    });
    const create = new IdempotentCreate();
    const keyOf = (i: number) => requests[i]!.headers.get('Idempotency-Key');
    await create.post('/api/patients', { mrn: 'MRN-1' }).catch(() => undefined);
    await create.post('/api/patients', { mrn: 'MRN-1' }).catch(() => undefined);
    expect(keyOf(1)).not.toBe(keyOf(0));
    expect(create.keyFor({ mrn: 'MRN-2' })).not.toBe(create.keyFor({ mrn: 'MRN-3' }));
  });

  it('sends a text body as it is with the Content-Type given (e.g. a CSV upload)', async () => {
    const { requests } = mockApi({
      'POST /api/evaluations/e1/labs/import': () =>
        jsonResponse(200, { applied: false, filled: [], skipped: [] }),
    });
    setCsrfToken('token-123');

    await api('POST', '/api/evaluations/e1/labs/import', 'loinc,value,unit\n718-7,13,g/dL\n', {
      contentType: 'text/csv',
    });

    expect(requests[0]?.headers.get('Content-Type')).toBe('text/csv');
    expect(requests[0]?.headers.get('X-CSRF-Token')).toBe('token-123');
    expect(requests[0]?.body).toBe('loinc,value,unit\n718-7,13,g/dL\n');
  });

  it.each([
    ['attachment; filename="rls-evaluation-e1.json"', 'rls-evaluation-e1.json'],
    ['attachment; filename=plain.json', 'plain.json'],
    [`attachment; filename="x.json"; filename*=UTF-8''r%C3%A9sultats.json`, 'résultats.json'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment', null],
    [null, null],
  ])('reads the file name of Content-Disposition %s', (header, name) => {
    expect(fileNameOf(header)).toBe(name);
  });
});
