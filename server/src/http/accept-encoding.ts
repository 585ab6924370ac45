/** The content codings the server sends, best first (static assets pre-compressed, API bodies compressed). */
const ENCODINGS = ['br', 'gzip'] as const;
export type Encoding = (typeof ENCODINGS)[number];

/**
 * The encodings an `Accept-Encoding` header allows, best first: q=0 refuses one, `*` stands for any
 * not named, and among equal q brotli goes before gzip. Identity is always possible (not listed).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    let weight = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') weight = Number(v);
    }
    q.set(token === 'x-gzip' ? 'gzip' : token, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  return ENCODINGS.map((name, i) => ({ name, w: weightOf(name), i }))
    .filter((e) => e.w > 0)
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .map((e) => e.name);
}
