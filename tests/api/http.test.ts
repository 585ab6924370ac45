import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeClientDist, startTestServer, type ErrorBody, type TestServer } from './helpers';

let server: TestServer;
let clientDist: string;

beforeAll(async () => {
  clientDist = fakeClientDist();
  server = await startTestServer({ clientDist, seedDemo: true });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(clientDist, { recursive: true, force: true });
});

describe('errors', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const res = await server
      .client()
      .post<ErrorBody>('/api/session', undefined, { raw: '{"username": "clinician",' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.body.error).toEqual({ code: 'invalid_json', message: expect.any(String) as string });
  });

  it('answers a body over 1 MB with 413 JSON', async () => {
    const big = JSON.stringify({ username: 'clinician', password: 'x'.repeat(1024 * 1024 + 10) });
    const res = await server.client().post<ErrorBody>('/api/session', undefined, { raw: big });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('too_large');
  });

  it('answers an unknown /api route with 404 JSON, not the app', async () => {
    for (const path of ['/api/nope', '/api/', '/api/patients-x/1']) {
      const res = await server.client().get<ErrorBody>(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('checks the session before the body (401 outranks a malformed body)', async () => {
    const res = await server.client().post<ErrorBody>('/api/patients', undefined, { raw: '{oops' });
    expect(res.status).toBe(401);
  });
});

describe('GET /api/health', () => {
  it('is 200 ok while the database answers', async () => {
    const res = await server.client().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('is 503 when the database is gone', async () => {
    const other = await startTestServer();
    await other.ctx.db.destroy();
    const res = await other.client().get<ErrorBody>('/api/health');
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('unavailable');
    await other.close().catch(() => {});
  });
});

describe('headers', () => {
  it('sends no automatic ETag or X-Powered-By, no-store on the API, and a request id', async () => {
    const res = await server.client().get('/api/health');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('strict-transport-security')).toBeNull(); // only over HTTPS
  });
});

describe('API compression', () => {
  it('compresses a large response for a client that accepts gzip, and says it varies', async () => {
    const clinician = await server.login('clinician');
    const res = await fetch(`${server.baseUrl}/api/patients?pageSize=100`, {
      headers: { cookie: clinician.cookie!, 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // fetch decodes the body: the page is intact and above the 1 KiB threshold.
    const text = await res.text();
    expect(text.length).toBeGreaterThan(1024);
    expect((JSON.parse(text) as { items: unknown[] }).items.length).toBeGreaterThan(0);
  });

  it('prefers brotli when the client accepts it', async () => {
    const clinician = await server.login('clinician');
    const res = await fetch(`${server.baseUrl}/api/patients?pageSize=100`, {
      headers: { cookie: clinician.cookie!, 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect((JSON.parse(await res.text()) as { total: number }).total).toBeGreaterThan(0);
  });

  it('compresses a streamed response too (the audit CSV export)', async () => {
    const admin = await server.login('admin');
    const res = await fetch(`${server.baseUrl}/api/audit.csv`, {
      headers: { cookie: admin.cookie!, 'accept-encoding': 'gzip' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^seq,/);
    expect(lines.length).toBeGreaterThan(3);
  });

  it('sends a tiny response, and any response to a client without Accept-Encoding, uncompressed', async () => {
    const tiny = await fetch(`${server.baseUrl}/api/health`, { headers: { 'accept-encoding': 'gzip' } });
    expect(tiny.headers.get('content-encoding')).toBeNull();
    expect(await tiny.json()).toEqual({ status: 'ok' });

    const clinician = await server.login('clinician');
    const plain = await fetch(`${server.baseUrl}/api/patients?pageSize=100`, {
      headers: { cookie: clinician.cookie!, 'accept-encoding': 'identity' },
    });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(Number(plain.headers.get('content-length'))).toBeGreaterThan(1024);
  });
});

describe('the client build', () => {
  it('serves the app HTML at / without a redirect', async () => {
    const res = await server.client().get<string>('/', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.body).toContain('<div id="root"></div>');
  });

  it('serves index.html for client routes (SPA fallback) and the hashed assets', async () => {
    const route = await server.client().get<string>('/patients/123/evaluation');
    expect(route.status).toBe(200);
    expect(route.body).toContain('<div id="root"></div>');
    const asset = await server.client().get<string>('/assets/app-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.body).toBe('console.log("app");');
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await server.client().get('/assets/missing-123.js')).status).toBe(404);
  });

  it('answers 503 with a clear page when the client is not built', async () => {
    const bare = await startTestServer();
    const res = await bare.client().get<string>('/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('Client not built');
    expect((await bare.client().get('/api/health')).status).toBe(200);
    await bare.close();
  });
});
