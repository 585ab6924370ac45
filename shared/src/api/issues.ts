import type { z } from 'zod';

export interface InvalidField {
  /** Dotted path of the field (e.g. `mrn`, `plan.custom.2`), or `(body)` for the whole body. */
  code: string;
  reason: string;
}

/** Maps zod issues to `[{ code: <field path>, reason }]` so a 4xx names the field. */
export function zodIssuesToItems(error: z.ZodError): InvalidField[] {
  const items: InvalidField[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        items.push({ code: [...issue.path, key].map(String).join('.'), reason: 'unknown field' });
      }
      continue;
    }
    items.push({
      code: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
      reason: issue.message,
    });
  }
  return items;
}
