import type { SearchSchemaInput } from '@tanstack/react-router';

/**
 * Address-bar state validators for `validateSearch`, without zod: a route's `validateSearch` lives
 * in the entry chunk (the router needs it to match a URL), and zod would be ~25 KiB of the
 * JavaScript every page downloads first (docs/decisions/019-client-performance.md).
 *
 * Each field reads one value of the parsed search (TanStack Router has already JSON-decoded it:
 * `?page=2` arrives as the number 2) and answers the value or `undefined`. A value the API would
 * reject is dropped rather than breaking the page, as zod's `.catch(undefined)` did.
 */
export type Field<T> = (value: unknown) => T | undefined;

/** A field that always has a value: `fallback` when absent or invalid. */
export interface RequiredField<T> {
  (value: unknown): T;
  readonly required: true;
}

type AnyField = Field<unknown> | RequiredField<unknown>;
type Value<F> = F extends (value: unknown) => infer T ? Exclude<T, undefined> : never;
type RequiredKeys<S> = { [K in keyof S]: S[K] extends RequiredField<unknown> ? K : never }[keyof S];
type OptionalKeys<S> = Exclude<keyof S, RequiredKeys<S>>;

export type SearchOf<S extends Record<string, AnyField>> = { [K in RequiredKeys<S>]: Value<S[K]> } & {
  [K in OptionalKeys<S>]?: Value<S[K]>;
};

/**
 * `validateSearch` for a route: the keys of `shape`, each through its field. Every key is in the
 * result, `undefined` when dropped: the router merges the result over the raw search, so a key left
 * out would keep the rejected value. Links may leave out any key (a required one takes its fallback).
 */
export function searchValidator<S extends Record<string, AnyField>>(shape: S) {
  return (input: Partial<SearchOf<S>> & SearchSchemaInput): SearchOf<S> => {
    const raw = input as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      out[key] = field(raw[key]);
    }
    return out as SearchOf<S>;
  };
}

/** One of `values`. */
export function oneOf<const T extends string | number | boolean>(values: readonly T[]): Field<T> {
  return (value) => ((values as readonly unknown[]).includes(value) ? (value as T) : undefined);
}

/** A string of `min`–`max` characters (after trimming when `trim`). */
export function text({
  min = 0,
  max,
  trim = false,
}: {
  min?: number;
  max: number;
  trim?: boolean;
}): Field<string> {
  return (value) => {
    if (typeof value !== 'string') return undefined;
    const s = trim ? value.trim() : value;
    return s.length >= min && s.length <= max ? s : undefined;
  };
}

/** A string that passes `check`. */
export function checked(check: (value: string) => boolean): Field<string> {
  return (value) => (typeof value === 'string' && check(value) ? value : undefined);
}

/** A safe integer ≥ `min`; `coerce` also takes its text (`'3'`), as `z.coerce.number()` did. */
export function integer({ min, coerce = false }: { min: number; coerce?: boolean }): Field<number> {
  return (value) => {
    const n = coerce && typeof value !== 'number' ? Number(value) : value;
    return typeof n === 'number' && Number.isSafeInteger(n) && n >= min ? n : undefined;
  };
}

/** `field`, or `fallback` when the value is absent or invalid. */
export function withFallback<T>(field: Field<T>, fallback: T): RequiredField<T> {
  return Object.assign((value: unknown) => field(value) ?? fallback, { required: true as const });
}
