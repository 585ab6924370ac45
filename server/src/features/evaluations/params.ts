import type { Request } from 'express';

/** A named path parameter as a string ('' when absent: no route matches it then anyway). */
export function pathParam(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
