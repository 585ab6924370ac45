import { vi } from 'vitest';

export interface MockRequest {
  method: string;
  /** Path without the query string, e.g. `/api/patients`. */
  path: string;
  url: URL;
  headers: Headers;
  /** A JSON body parsed; any other text body (e.g. `text/csv`) as the string sent. */
  body: unknown;
}

type Handler = (request: MockRequest) => Response | Promise<Response>;

/** A JSON response; `body` undefined gives an empty body (e.g. 204). */
export function jsonResponse(status: number, body?: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
  });
}

export function errorResponse(status: number, code: string, message: string, details?: unknown): Response {
  return jsonResponse(status, { error: { code, message, ...(details === undefined ? {} : { details }) } });
}

/** The parsed JSON, or the text itself when it is not JSON (e.g. a malformed upload under test). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Replaces global `fetch` with a router keyed by "METHOD /path" (query string ignored). A request
 * without a handler fails the test loudly. `requests` records every call for assertions.
 */
export function mockApi(routes: Record<string, Handler>) {
  const requests: MockRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input), 'http://localhost');
    const method = (init.method ?? 'GET').toUpperCase();
    const rawBody = init.body;
    const headers = new Headers(init.headers);
    const isJson = (headers.get('Content-Type') ?? 'application/json').includes('json');
    const request: MockRequest = {
      method,
      path: url.pathname,
      url,
      headers,
      body: typeof rawBody === 'string' ? (isJson ? parseJson(rawBody) : rawBody) : undefined,
    };
    requests.push(request);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) throw new Error(`Unexpected request in test: ${method} ${url.pathname}`);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { fetchMock, requests, routes };
}
