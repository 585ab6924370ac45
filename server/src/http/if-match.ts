import type { Request } from 'express';

/**
 * `If-Match` of a versioned resource (strong comparison, RFC 9110 §13.1.1): `"7"`, a bare `7`, a
 * list of them, or `*` (any current version). Weak tags (`W/"7"`) never match.
 * Returns undefined when the header is absent (the service answers 428 where one is required,
 * after its 404 check: the order the OpenAPI document's description gives).
 */
export type IfMatch = { any: true } | { any: false; versions: number[] };

function parseIfMatch(header: string | undefined): IfMatch | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  if (header.trim() === '*') return { any: true };
  const versions: number[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(part);
    const digits = m?.[1] ?? m?.[2];
    if (digits !== undefined) versions.push(Number(digits));
  }
  return { any: false, versions };
}

/** The optional If-Match of a request (undefined: no precondition). */
export function optionalIfMatch(req: Request): IfMatch | undefined {
  return parseIfMatch(req.get('if-match'));
}

export function matchesVersion(ifMatch: IfMatch, version: number): boolean {
  return ifMatch.any || ifMatch.versions.includes(version);
}
