import { isApiError } from './api-client';

/**
 * A 422's `details.items` as `{field: reason}` (the first reason per field), so a form can show each
 * server message under the field it concerns. Empty for any other error.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isApiError(error, 422)) return {};
  const items = (error.details as { items?: unknown } | undefined)?.items;
  if (!Array.isArray(items)) return {};
  const errors: Record<string, string> = {};
  for (const item of items as { code?: unknown; reason?: unknown }[]) {
    if (typeof item.code === 'string' && typeof item.reason === 'string' && !(item.code in errors)) {
      errors[item.code] = item.reason;
    }
  }
  return errors;
}

/** "must be at least 12 characters long" → "Must be at least 12 characters long." */
export function sentence(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  const text = reason.charAt(0).toUpperCase() + reason.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
