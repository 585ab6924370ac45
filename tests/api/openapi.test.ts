import type { Express } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/src/app';
import { startTestServer, type TestServer } from './helpers';

interface OperationDoc {
  operationId: string;
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: { 'application/json': { schema: unknown } } };
  responses: Record<string, { description: string; content?: unknown }>;
  security?: unknown[];
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every route the running app answers under /api, as "METHOD /api/path/{param}". */
function appRoutes(app: Express): string[] {
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        if (layer.route.path.includes('*')) continue; // the client's SPA fallback
        for (const method of Object.keys(layer.route.methods)) {
          found.push(`${method.toUpperCase()} /api${layer.route.path.replace(/:(\w+)/g, '{$1}')}`);
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
  return [...new Set(found)].sort();
}

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

let server: TestServer;
let doc: OpenApiDoc;

beforeAll(async () => {
  server = await startTestServer();
  const res = await server.client().get<OpenApiDoc>('/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  doc = res.body;
});
afterAll(() => server.close());

describe('GET /api/openapi.json', () => {
  it('is a public OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/openapi.json']?.get?.security).toEqual([]);
  });

  it('documents every route the app answers, and nothing it does not', () => {
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(appRoutes(createApp(server.ctx)));
  });

  it('covers the SPEC §3 calls with their parameters, bodies and error responses', () => {
    const op = (method: string, path: string) => {
      const found = doc.paths[path]?.[method];
      expect(found, `${method} ${path}`).toBeDefined();
      return found!;
    };
    const patch = op('patch', '/api/evaluations/{id}');
    expect(patch.parameters?.find((p) => p.name === 'If-Match')).toMatchObject({
      in: 'header',
      required: true,
    });
    expect(patch.parameters?.find((p) => p.name === 'X-CSRF-Token')).toMatchObject({ required: true });
    expect(Object.keys(patch.responses).sort()).toEqual(
      ['200', '400', '401', '403', '404', '409', '412', '413', '415', '422', '428'].sort(),
    );
    const answers = doc.components.schemas.AnswersPatch as { properties: Record<string, unknown> };
    expect(Object.keys(answers.properties)).toEqual(
      expect.arrayContaining(['lab.ferritin', 'duplex.refluxMs.gsv.left']),
    );
    // Not done: any item but the IRLSSG criteria, a reason of 1–200 characters or null.
    const notDone = doc.components.schemas.NotDonePatch as {
      properties: Record<string, { anyOf?: { type: string; minLength?: number; maxLength?: number }[] }>;
    };
    expect(notDone.properties['lab.ferritin']?.anyOf).toEqual([
      expect.objectContaining({ type: 'string', minLength: 1, maxLength: 200 }),
      { type: 'null' },
    ]);
    expect(Object.keys(notDone.properties)).not.toContain('criteria.urge');
    const change = (doc.components.schemas.EvaluationHistory as { items: unknown }).items;
    expect(JSON.stringify(change)).toContain('"notDone"');

    const discard = op('delete', '/api/evaluations/{id}');
    expect(Object.keys(discard.responses).sort()).toEqual(
      ['204', '400', '401', '403', '404', '409', '412', '413', '415', '422'].sort(),
    );
    expect(discard.parameters?.find((p) => p.name === 'If-Match')).toMatchObject({ required: false });
    // A path parameter can be malformed percent-encoding: every such call documents its 400.
    expect(op('get', '/api/evaluations/{id}').responses['400']).toBeDefined();
    expect(op('get', '/api/patients/{id}').responses['400']).toBeDefined();

    const list = op('get', '/api/patients');
    expect(list.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'query',
        'status',
        'stage',
        'assignee',
        'followUpDue',
        'sort',
        'page',
        'pageSize',
      ]),
    );
    expect(op('post', '/api/patients').requestBody).toBeDefined();
    expect(op('post', '/api/session').parameters?.some((p) => p.name === 'X-CSRF-Token') ?? false).toBe(
      false,
    );
    expect(Object.keys(op('post', '/api/evaluations/{id}/sign').responses)).toEqual(
      expect.arrayContaining(['200', '409', '412', '422', '428']),
    );
    expect(op('get', '/api/evaluations/{id}/versions/{version}').parameters?.map((p) => p.name)).toEqual([
      'id',
      'version',
    ]);
  });

  it('resolves every $ref and names the shared error shape', () => {
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').at(-1)!], ref).toBeDefined();
    }
    expect(doc.components.schemas.Error).toMatchObject({ type: 'object', required: ['error'] });
    expect(doc.components.schemas.Evaluation).toMatchObject({ type: 'object' });
  });
});
