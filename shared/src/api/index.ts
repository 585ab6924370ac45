// The API's contracts: request and response schemas (zod) and the types inferred from them. The server
// validates with them, the OpenAPI document (GET /api/openapi.json) is generated from them, and the
// client compiles against the same types.

export * from './fields';
export * from './issues';
export * from './session';
export * from './users';
export * from './patients';
export * from './evaluations';
export * from './trends';
export * from './workflow';
export * from './audit';
export * from './workload';
export * from './fhir';
