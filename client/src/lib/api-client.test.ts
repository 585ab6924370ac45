import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, jsonResponse, mockApi } from '@/testing/fetch-mock';
import { ApiError, api, apiResponse, onSessionEnded, setCsrfToken } from './api-client';

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
});
