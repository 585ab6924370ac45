import { errorSchema } from '@rls/shared';
import { z } from 'zod';
import { OPERATIONS, type Access, type Operation } from './operations';

/**
 * The OpenAPI 3.1 document of the API, generated from the API contracts in @rls/shared: the zod
 * schemas the routes parse with (`z.toJSONSchema`, input side: what a client may send) and the
 * response schemas whose inferred types the server returns and the client reads.
 * Named schemas (`.meta({id})`) land in components.schemas and are referenced with $ref.
 */

type JsonSchema = Record<string, unknown>;

const SAFE = new Set(['get', 'head', 'options']);

/** Rewrites zod's local `#/$defs/X` references to `#/components/schemas/X`. */
function relocateRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relocateRefs);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string'
        ? v.replace('#/$defs/', '#/components/schemas/')
        : relocateRefs(v),
    ]),
  );
}

/**
 * JSON Schema (2020-12, OpenAPI 3.1's dialect) of a zod schema. Schemas named with `.meta({id})`
 * are collected into `defs` (components.schemas) and referenced.
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output', defs: Map<string, JsonSchema>): JsonSchema {
  const result = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema & {
    $defs?: Record<string, JsonSchema>;
  };
  const { $schema: _schema, $defs, ...rest } = result;
  for (const [name, def] of Object.entries($defs ?? {})) defs.set(name, relocateRefs(def) as JsonSchema);
  return relocateRefs(rest) as JsonSchema;
}

/** The request body's media types: JSON (application/json unless the operation names others) and any other. */
function bodyContent(op: Operation, defs: Map<string, JsonSchema>): Record<string, { schema: JsonSchema }> {
  const json = jsonSchema(op.body!, 'input', defs);
  const content: Record<string, { schema: JsonSchema }> = {};
  for (const type of op.jsonTypes ?? ['application/json']) content[type] = { schema: json };
  for (const [type, schema] of Object.entries(op.otherBodies ?? {})) {
    content[type] = { schema: jsonSchema(schema, 'input', defs) };
  }
  return content;
}

function errorResponse(description: string) {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  };
}

function accessText(access: Access): string {
  if (access === 'public') return 'Public.';
  if (access === 'session') return 'Any logged-in user.';
  return `Roles: ${access.join(', ')}.`;
}

function operationObject(op: Operation, defs: Map<string, JsonSchema>) {
  const unsafe = !SAFE.has(op.method);
  const csrf = unsafe && op.csrf !== false && op.access !== 'public';
  const parameters: JsonSchema[] = [];
  for (const name of op.path.match(/\{(\w+)\}/g) ?? []) {
    parameters.push({ name: name.slice(1, -1), in: 'path', required: true, schema: { type: 'string' } });
  }
  if (op.query) {
    const schema = jsonSchema(op.query, 'input', defs) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, prop] of Object.entries(schema.properties ?? {})) {
      parameters.push({
        name,
        in: 'query',
        required: schema.required?.includes(name) ?? false,
        schema: prop,
      });
    }
  }
  if (op.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: op.ifMatch === 'required',
      description: 'The version you edited, as its ETag ("<version>"; a bare number is accepted).',
      schema: { type: 'string' },
    });
  }
  if (op.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: 1–200 visible ASCII characters, a new random value (e.g. a UUID) per ' +
        'create. The same user sending the same key, method, path and body again within 24 h gets ' +
        'the first response again (same status, body, Location and ETag; header Idempotent-Replayed: ' +
        'true) and nothing is created twice; the same key with another body is a 422 ' +
        '(code idempotency_key_reused). A concurrent request with the same key waits for the first ' +
        'and answers its result. Checked after the body is read, before 404. Malformed: 422 naming ' +
        'the header.',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$' },
    });
  }
  if (csrf) {
    parameters.push({
      name: 'X-CSRF-Token',
      in: 'header',
      required: true,
      description: 'The csrfToken of POST/GET /api/session.',
      schema: { type: 'string' },
    });
  }

  const responses: Record<string, unknown> = {};
  for (const [status, r] of Object.entries(op.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.etag || r.attachment
        ? {
            headers: {
              ...(r.etag
                ? { ETag: { description: 'strong ETag "<version>"', schema: { type: 'string' } } }
                : {}),
              ...(r.attachment
                ? {
                    'Content-Disposition': {
                      description: 'attachment; filename="…" (ids and version only)',
                      schema: { type: 'string' },
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(r.schema
        ? {
            content: {
              [r.contentType ?? 'application/json']: { schema: jsonSchema(r.schema, 'output', defs) },
            },
          }
        : {}),
    };
  }
  if (op.access !== 'public') responses['401'] ??= errorResponse('Not logged in.');
  if (csrf || Array.isArray(op.access)) {
    responses['403'] ??= errorResponse(
      [
        csrf ? 'Missing or wrong X-CSRF-Token (code csrf)' : '',
        Array.isArray(op.access) ? 'role not allowed (code forbidden)' : '',
      ]
        .filter(Boolean)
        .join('; ') + '.',
    );
  }
  const pathParams = parameters.some((p) => p.in === 'path');
  if (op.body) {
    responses['400'] ??= errorResponse(
      pathParams
        ? 'The body is not valid JSON (code invalid_json), or the path holds malformed percent-encoding (code bad_path).'
        : 'The body is not valid JSON (code invalid_json).',
    );
    responses['413'] ??= errorResponse('The body is larger than 1 MB.');
    responses['415'] ??= errorResponse(
      op.otherBodies
        ? `A body that is neither JSON (application/json or a +json type) nor ${Object.keys(op.otherBodies).join(', ')} (code unsupported_media_type).`
        : 'A body that is not JSON (Content-Type application/json or a +json type; code unsupported_media_type).',
    );
  } else if (pathParams) {
    responses['400'] ??= errorResponse(
      'The path holds malformed percent-encoding, e.g. %ff (code bad_path).',
    );
  }
  if (op.body || op.query)
    responses['422'] ??= errorResponse('Invalid input: details.items names each field.');
  if (op.idempotent) {
    // The Idempotency-Key refusals (server/src/http/idempotency.ts, docs/reliability.md).
    const extend = (status: string, text: string) => {
      const response = (responses[status] ?? errorResponse('')) as { description: string };
      responses[status] = { ...response, description: `${response.description} ${text}`.trim() };
    };
    extend(
      '422',
      'A malformed Idempotency-Key (details.items names the header), or one already used for a different request (code idempotency_key_reused).',
    );
    extend(
      '409',
      'With an Idempotency-Key: a concurrent request with the same key whose result could not be read yet (code idempotency_in_progress): retry.',
    );
  }

  return {
    operationId: op.id,
    summary: op.summary,
    description: [op.description, accessText(op.access)].filter(Boolean).join('\n\n'),
    tags: op.tags,
    ...(op.access === 'public' ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: op.bodyRequired ?? true,
            content: bodyContent(op, defs),
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
  };
}

export function buildOpenApiDocument(): JsonSchema {
  const defs = new Map<string, JsonSchema>();
  jsonSchema(errorSchema, 'output', defs);

  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    paths[op.path] ??= {};
    paths[op.path]![op.method] = operationObject(op, defs);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'RLS Workup API',
      version: '1',
      description:
        'JSON in and out: a request body in another content type (or none) is a 415. Errors are ' +
        '{error:{code, message, details?}}. Checked in this order: 400 malformed percent-encoding in the path → ' +
        '401 → 403 CSRF → 403 role → 404 → 428 missing If-Match → 409 conflict → 412 stale If-Match → 422 ' +
        'invalid (body errors come with the role check: 415 not JSON, 400 malformed, 413 too large). ' +
        'Dates in query strings are real calendar days 0001-01-01 … 9999-12-31; anything else is a 422 ' +
        'naming the parameter. State-changing calls carry X-CSRF-Token.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    tags: [
      { name: 'session' },
      { name: 'patients' },
      { name: 'evaluations' },
      { name: 'reference' },
      { name: 'workload' },
      { name: 'administration' },
      { name: 'system' },
    ],
    paths,
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'rls_session',
          description: 'httpOnly session cookie',
        },
      },
      schemas: Object.fromEntries([...defs].sort(([a], [b]) => a.localeCompare(b))),
    },
  };
}
